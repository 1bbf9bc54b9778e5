import { z } from 'zod';

/**
 * The training program's shapes: curricula, assignments and each trainee's progress on them,
 * unfinished attempts, and what the records calls (CSV, backup, packs) send back. Used by
 * `calls.ts`; kept apart so the call table stays readable.
 */

export const TrainingYearSchema = z.number().int().min(1, 'must be 1 to 10').max(10, 'must be 1 to 10').nullable();

/** A director's passphrase: long enough to resist guessing at the rate limit. */
export const PassphraseSchema = z
  .string()
  .min(8, 'must be at least 8 characters')
  .max(200, 'must be at most 200 characters');

/** The learning aids a case or an assignment allows. */
export const AidsSchema = z.object({ seeThrough: z.boolean(), roadmap: z.boolean() }).strict();
export type Aids = z.output<typeof AidsSchema>;

const ScenarioIdSchema = z.string().min(1).max(100);

export const CurriculumSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  /** A step unlocks after the previous one is passed this many times in a row. */
  passesInARow: z.number().int(),
  scenarioIds: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
  revision: z.number().int(),
});
export type Curriculum = z.output<typeof CurriculumSchema>;

export const CurriculumInputSchema = z
  .object({
    title: z.string().trim().min(1, 'must not be empty').max(120, 'must be at most 120 characters'),
    passesInARow: z.number().int().min(1, 'must be 1 to 10').max(10, 'must be 1 to 10'),
    scenarioIds: z.array(ScenarioIdSchema).min(1, 'must name at least one case').max(50),
  })
  .strict();

export const AssignmentTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('case'), scenarioId: ScenarioIdSchema }).strict(),
  z.object({ kind: z.literal('curriculum'), curriculumId: z.uuid() }).strict(),
]);
export type AssignmentTarget = z.output<typeof AssignmentTargetSchema>;

/** What the director decides for an assignment. */
export const AssignmentTermsSchema = z
  .object({
    /** When it is due (ISO time, normally the end of a day); null for no due date. */
    dueAt: z.iso.datetime({ offset: true }).nullable(),
    /** Overrides the case's own pass mark; null keeps each case's. */
    passMark: z.number().min(0, 'must be 0 to 100').max(100, 'must be 0 to 100').nullable(),
    /** Attempts allowed per case (per step of a curriculum); null for unlimited. */
    attemptsAllowed: z.number().int().min(1, 'must be at least 1').max(100, 'must be at most 100').nullable(),
    aids: AidsSchema,
  })
  .strict();
export type AssignmentTerms = z.output<typeof AssignmentTermsSchema>;

export const AssignmentSchema = z.object({
  id: z.uuid(),
  target: AssignmentTargetSchema,
  /** The case's or the curriculum's title. */
  title: z.string(),
  traineeIds: z.array(z.uuid()),
  dueAt: z.string().nullable(),
  passMark: z.number().nullable(),
  attemptsAllowed: z.number().int().nullable(),
  aids: AidsSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
  revision: z.number().int(),
});
export type Assignment = z.output<typeof AssignmentSchema>;

export const AssignmentStatusSchema = z.enum(['not-started', 'in-progress', 'passed', 'failed']);
export type AssignmentStatus = z.output<typeof AssignmentStatusSchema>;

/** One case of an assignment (the only one for a case, a step of a curriculum). */
export const ProgressStepSchema = z.object({
  scenarioId: z.string(),
  title: z.string(),
  unlocked: z.boolean(),
  /** Passed the required number of times in a row (once for a single case). */
  complete: z.boolean(),
  attemptsUsed: z.number().int(),
  /** null when unlimited. */
  attemptsLeft: z.number().int().nullable(),
  /** Passes in a row at the end of this step's attempts. */
  passesInARow: z.number().int(),
  bestScore: z.number().nullable(),
});

/** Where one trainee stands on one assignment. */
export const AssignmentProgressSchema = z.object({
  assignmentId: z.uuid(),
  profileId: z.uuid(),
  status: AssignmentStatusSchema,
  /** Passes in a row that complete a step (1 for a single case). */
  passesRequired: z.number().int(),
  /** Past its due date and not passed. */
  overdue: z.boolean(),
  steps: z.array(ProgressStepSchema),
  /** The case to do next (the first unlocked, incomplete step); null when passed or failed. */
  nextScenarioId: z.string().nullable(),
  attemptsUsed: z.number().int(),
  lastAttemptAt: z.string().nullable(),
});
export type AssignmentProgress = z.output<typeof AssignmentProgressSchema>;

export const UnfinishedAttemptSchema = z.object({
  id: z.uuid(),
  profileId: z.uuid(),
  scenarioId: z.string(),
  scenarioVersion: z.number().int(),
  assignmentId: z.uuid().nullable(),
  startedAt: z.string(),
  updatedAt: z.string(),
  /** Simulated steps saved so far. */
  steps: z.number().int(),
});
export type UnfinishedAttempt = z.output<typeof UnfinishedAttemptSchema>;

/** A case as its assignment sets it: the pass mark it is judged against and the aids allowed. */
export const AssignedTermsSchema = z.object({ passMark: z.number().nullable(), aids: AidsSchema.nullable() });

export const AttemptFiltersSchema = z
  .object({
    profileId: z.uuid().optional(),
    scenarioId: ScenarioIdSchema.optional(),
    assignmentId: z.uuid().optional(),
    passed: z.boolean().optional(),
    /** Finished at or after this time. */
    from: z.iso.datetime({ offset: true }).optional(),
    /** Finished before this time. */
    to: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();
export type AttemptFilters = z.output<typeof AttemptFiltersSchema>;

export const PackImportReportSchema = z.object({
  kind: z.enum(['assignment-pack', 'attempt-pack']),
  added: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  /** Records edited on both workstations (or clashing names): reported, left as they were here. */
  conflicts: z.array(
    z.object({
      record: z.enum(['profile', 'curriculum', 'assignment', 'attempt']),
      id: z.string(),
      message: z.string(),
    }),
  ),
});
export type PackImportReport = z.output<typeof PackImportReportSchema>;
