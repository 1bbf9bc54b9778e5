import { z } from 'zod';
import { RecordedCommandSchema } from '../sim/replay/command-schema.ts';
import { AidsSchema, AssignmentTargetSchema, TrainingYearSchema } from './program.ts';
import { ProfileRoleSchema } from './calls.ts';

/**
 * The files that carry a training program between workstations (no network: a USB stick).
 *
 * - An assignment pack: the roster, the curricula and the assignments, so a director can plan on
 *   one workstation and hand the plan to the others.
 * - An attempt pack: finished attempts with their recorded commands (never their scores: the
 *   importing workstation re-simulates and scores them itself), and the profiles who made them.
 *
 * Each file names its format and version; a reader refuses a format it does not know and a
 * version newer than it reads. A change to a shape here is a new version.
 */

export const assignmentPackFormat = 'ir-trainer-assignment-pack';
export const attemptPackFormat = 'ir-trainer-attempt-pack';
/** The newest pack version this build writes and reads. */
export const packVersion = 1;

/** Read first, to give a clear message for a stranger's file or a newer version. */
export const PackHeaderSchema = z.object({ format: z.string(), version: z.number().int() });

const ScenarioIdSchema = z.string().min(1).max(100);
const TimeSchema = z.iso.datetime({ offset: true });
/** Edits made to a record since it was created (1 for a record never edited). */
const RevisionSchema = z.number().int().min(1, 'must be at least 1');

/** A profile as it travels: never its passphrase hash nor its failed sign-ins. */
export const PackProfileSchema = z
  .object({
    id: z.uuid(),
    displayName: z.string().min(1, 'must not be empty').max(60, 'must be at most 60 characters'),
    role: ProfileRoleSchema,
    trainingYear: TrainingYearSchema,
    createdAt: TimeSchema,
    revision: RevisionSchema,
  })
  .strict();
export type PackProfile = z.output<typeof PackProfileSchema>;

export const PackCurriculumSchema = z
  .object({
    id: z.uuid(),
    title: z.string().min(1, 'must not be empty').max(120, 'must be at most 120 characters'),
    passesInARow: z.number().int().min(1, 'must be 1 to 10').max(10, 'must be 1 to 10'),
    scenarioIds: z.array(ScenarioIdSchema).min(1, 'must name at least one case').max(50),
    createdAt: TimeSchema,
    updatedAt: TimeSchema,
    revision: RevisionSchema,
  })
  .strict();
export type PackCurriculum = z.output<typeof PackCurriculumSchema>;

export const PackAssignmentSchema = z
  .object({
    id: z.uuid(),
    target: AssignmentTargetSchema,
    /** Sorted, so two copies of the same assignment read the same. */
    traineeIds: z.array(z.uuid()).max(10_000),
    dueAt: TimeSchema.nullable(),
    passMark: z.number().min(0, 'must be 0 to 100').max(100, 'must be 0 to 100').nullable(),
    attemptsAllowed: z.number().int().min(1, 'must be at least 1').max(100, 'must be at most 100').nullable(),
    aids: AidsSchema,
    /** The director's profile id, or "operator" for the command line. */
    createdBy: z.string().min(1).max(100),
    createdAt: TimeSchema,
    updatedAt: TimeSchema,
    archived: z.boolean(),
    revision: RevisionSchema,
  })
  .strict();
export type PackAssignment = z.output<typeof PackAssignmentSchema>;

export const PackAttemptSchema = z
  .object({
    id: z.uuid(),
    profileId: z.uuid(),
    scenarioId: ScenarioIdSchema,
    scenarioVersion: z.number().int().min(1),
    scenarioTitle: z.string(),
    coreVersion: z.string(),
    startedAt: TimeSchema,
    finishedAt: TimeSchema,
    totalSteps: z.number().int().nonnegative(),
    /** The assignment it was made under; null for free practice. */
    assignmentId: z.uuid().nullable(),
    /** The assignment's pass mark it was judged against; null when the case's own applied. */
    passMark: z.number().min(0).max(100).nullable(),
    commands: z.array(RecordedCommandSchema).max(200_000),
    /** What the exporting workstation's own re-simulation gave: checked against this one's. */
    claimed: z.object({ total: z.number(), passed: z.boolean(), finalStateHash: z.string() }).strict(),
  })
  .strict();
export type PackAttempt = z.output<typeof PackAttemptSchema>;

export const AssignmentPackSchema = z
  .object({
    format: z.literal(assignmentPackFormat),
    version: z.literal(packVersion),
    exportedAt: TimeSchema,
    profiles: z.array(PackProfileSchema).max(10_000).superRefine(uniqueIds),
    curricula: z.array(PackCurriculumSchema).max(10_000).superRefine(uniqueIds),
    assignments: z.array(PackAssignmentSchema).max(10_000).superRefine(uniqueIds),
  })
  .strict();
export type AssignmentPack = z.output<typeof AssignmentPackSchema>;

export const AttemptPackSchema = z
  .object({
    format: z.literal(attemptPackFormat),
    version: z.literal(packVersion),
    exportedAt: TimeSchema,
    profiles: z.array(PackProfileSchema).max(10_000).superRefine(uniqueIds),
    attempts: z.array(PackAttemptSchema).max(10_000).superRefine(uniqueIds),
  })
  .strict();
export type AttemptPack = z.output<typeof AttemptPackSchema>;

/** A record listed twice would be merged against itself: refuse the file instead. */
function uniqueIds(records: readonly { id: string }[], context: z.RefinementCtx): void {
  const seen = new Set<string>();
  records.forEach((record, index) => {
    if (seen.has(record.id)) {
      context.addIssue({ code: 'custom', path: [index, 'id'], message: 'repeats the id of an earlier record' });
    }
    seen.add(record.id);
  });
}
