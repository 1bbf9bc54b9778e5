import { z } from 'zod';
import { ScenarioHeaderSchema } from '../sim/scenario/header.ts';
import { ScenarioSchema } from '../sim/scenario/scenario.ts';
import { RecordedCommandSchema } from '../sim/replay/command-schema.ts';
import type { AttemptScore } from '../sim/scoring/score.ts';
import type { SimEvent } from '../sim/simulation.ts';
import type { CallName } from './call-names.ts';
import {
  AssignedTermsSchema,
  AssignmentProgressSchema,
  AssignmentSchema,
  AssignmentTargetSchema,
  AssignmentTermsSchema,
  AttemptFiltersSchema,
  CurriculumInputSchema,
  CurriculumSchema,
  PackImportReportSchema,
  PassphraseSchema,
  TrainingYearSchema,
  UnfinishedAttemptSchema,
} from './program.ts';

export { callNames, isCallName, type CallName } from './call-names.ts';

/**
 * Every call between the renderer and the main process, with the schema of its input and its
 * output. Main (IPC handlers), preload (one method per call), the bridge (`POST /api/<call>`),
 * the CLI and the renderer's client all read this table, so the two sides agree by construction.
 */

const NoInput = z.object({}).strict();

export const CommentSchema = z.object({
  id: z.uuid(),
  attemptId: z.uuid(),
  authorProfileId: z.uuid(),
  authorName: z.string(),
  authorRole: z.enum(['trainee', 'director']),
  /** The moment it is pinned to (simulation step). */
  step: z.number().int(),
  text: z.string(),
  createdAt: z.string(),
});
export type Comment = z.output<typeof CommentSchema>;

export const AttemptSummarySchema = z.object({
  id: z.uuid(),
  profileId: z.uuid(),
  scenarioId: z.string(),
  scenarioVersion: z.number().int(),
  scenarioTitle: z.string(),
  coreVersion: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  durationS: z.number(),
  total: z.number(),
  passed: z.boolean(),
  /** Whether the main process's own re-simulation gave the score the workstation showed. */
  verification: z.enum(['verified', 'mismatch']),
  /** The assignment it was made under; null for free practice. */
  assignmentId: z.uuid().nullable(),
  /** The pass mark it was judged against (the assignment's, or the case's own). */
  passMark: z.number(),
  /** Every process metric of the score (fluoroscopy time, contrast, dose, handling…). */
  metrics: z.record(z.string(), z.number()),
});
export type AttemptSummaryOutput = z.output<typeof AttemptSummarySchema>;

export const ProfileRoleSchema = z.enum(['trainee', 'director']);
export type ProfileRole = z.output<typeof ProfileRoleSchema>;

const DisplayNameSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(60, 'must be at most 60 characters')
  .refine(
    (name) => ![...name].some((character) => character.charCodeAt(0) < 0x20),
    'must not contain control characters',
  );

export const ProfileSchema = z.object({
  id: z.uuid(),
  displayName: z.string(),
  role: ProfileRoleSchema,
  /** Postgraduate training year (1–10), or null when not set. */
  trainingYear: z.number().int().nullable(),
  /** ISO 8601 time the profile was created. */
  createdAt: z.iso.datetime(),
});
export type Profile = z.output<typeof ProfileSchema>;

/** Who is signed in at this workstation (a director only after giving the passphrase). */
export const SessionSchema = z.object({ profile: ProfileSchema.nullable() });
export type Session = z.output<typeof SessionSchema>;

export const SettingsSchema = z.object({
  /** Profile signed in now (read-only here: `sessionSignIn` changes it); null until someone signs in. */
  activeProfileId: z.uuid().nullable(),
  /** Show the 3D view's frame rate in the cath lab (for checking a workstation's speed). */
  showFrameRate: z.boolean(),
  /** Turn the hub the other way for the rotate keys and stick (some operators prefer it). */
  invertHubRotation: z.boolean(),
  /** Whether trainees may add review comments to replays (directors always may). */
  traineesMayComment: z.boolean(),
});
export type Settings = z.output<typeof SettingsSchema>;

export const AppInfoSchema = z.object({
  name: z.string(),
  appVersion: z.string(),
  coreVersion: z.string(),
  stepHz: z.number(),
  /** Which shell serves the renderer. */
  runtime: z.enum(['electron', 'bridge', 'cli']),
  /** Migration number of the open database. */
  databaseSchemaVersion: z.number().int(),
});
export type AppInfo = z.output<typeof AppInfoSchema>;

export const ScenarioProblemSchema = z.object({ file: z.string(), message: z.string() });

interface CallSchemas {
  input: z.ZodType;
  output: z.ZodType;
}

function call<I extends z.ZodType, O extends z.ZodType>(input: I, output: O) {
  return { input, output };
}

export const contract = {
  appInfo: call(NoInput, AppInfoSchema),
  scenarioList: call(
    NoInput,
    z.object({
      scenarios: z.array(ScenarioHeaderSchema),
      /** Files in the case library that could not be read, with the reason. */
      problems: z.array(ScenarioProblemSchema),
    }),
  ),
  /** One case in full (history, pathology, devices, objectives, scoring), checked against its anatomy. */
  scenarioGet: call(z.object({ id: z.string().min(1).max(100) }).strict(), ScenarioSchema),
  /** A finished attempt: the main process re-simulates its commands, scores it and stores that score. */
  /**
   * Opens an attempt: refused when the assignment has no attempts left, the case is locked or not
   * assigned to the caller. Returns its id and the terms the case is played under.
   */
  attemptStart: call(
    z
      .object({
        profileId: z.uuid(),
        scenarioId: z.string().min(1).max(100),
        scenarioVersion: z.number().int().positive(),
        assignmentId: z.uuid().nullable(),
      })
      .strict(),
    z.object({ attemptId: z.uuid(), startedAt: z.string(), terms: AssignedTermsSchema }),
  ),
  /** Saves the commands recorded since the last checkpoint (appended after `fromIndex`). */
  attemptCheckpoint: call(
    z
      .object({
        attemptId: z.uuid(),
        fromIndex: z.number().int().nonnegative(),
        commands: z.array(RecordedCommandSchema).max(200_000),
        steps: z.number().int().nonnegative(),
      })
      .strict(),
    z.object({ commandCount: z.number().int(), steps: z.number().int() }),
  ),
  /** An unfinished attempt given up: it counts as used and is no longer offered. */
  attemptAbandon: call(z.object({ attemptId: z.uuid() }).strict(), UnfinishedAttemptSchema),
  /** An unfinished attempt's saved commands, to carry on from where it stopped. */
  attemptResume: call(
    z.object({ attemptId: z.uuid() }).strict(),
    UnfinishedAttemptSchema.extend({ commands: z.array(RecordedCommandSchema), terms: AssignedTermsSchema }),
  ),
  attemptSubmit: call(
    z
      .object({
        /** The id `attemptStart` gave; absent only for attempts made without one (scripts). */
        attemptId: z.uuid().optional(),
        profileId: z.uuid(),
        scenarioId: z.string().min(1).max(100),
        scenarioVersion: z.number().int().positive(),
        startedAt: z.iso.datetime(),
        commands: z.array(RecordedCommandSchema).max(200_000),
        totalSteps: z.number().int().nonnegative(),
        claimed: z.object({ total: z.number(), passed: z.boolean() }).strict(),
      })
      .strict(),
    AttemptSummarySchema,
  ),
  attemptList: call(AttemptFiltersSchema, z.object({ attempts: z.array(AttemptSummarySchema) })),
  attemptGet: call(
    z.object({ id: z.uuid() }).strict(),
    AttemptSummarySchema.extend({ score: z.custom<AttemptScore>(), events: z.custom<SimEvent[]>() }),
  ),
  /** What a replay needs: the recorded commands and how long the attempt ran. */
  attemptReplay: call(
    z.object({ id: z.uuid() }).strict(),
    z.object({
      id: z.uuid(),
      scenarioId: z.string(),
      scenarioVersion: z.number().int(),
      coreVersion: z.string(),
      totalSteps: z.number().int(),
      commands: z.array(RecordedCommandSchema),
      claimed: z.object({ total: z.number(), passed: z.boolean(), finalStateHash: z.string() }),
    }),
  ),
  /** A review comment pinned to a moment of an attempt (directors; trainees when the setting allows). */
  commentAdd: call(
    z
      .object({
        attemptId: z.uuid(),
        authorProfileId: z.uuid(),
        step: z.number().int().nonnegative(),
        text: z.string().trim().min(1, 'must not be empty').max(2000),
      })
      .strict(),
    CommentSchema,
  ),
  commentList: call(z.object({ attemptId: z.uuid() }).strict(), z.object({ comments: z.array(CommentSchema) })),
  profileList: call(NoInput, z.object({ profiles: z.array(ProfileSchema) })),
  /** A new profile; a director's needs a passphrase, and only a director may add one once one exists. */
  profileCreate: call(
    z
      .object({
        displayName: DisplayNameSchema,
        role: ProfileRoleSchema,
        trainingYear: TrainingYearSchema.optional(),
        passphrase: PassphraseSchema.optional(),
      })
      .strict(),
    ProfileSchema,
  ),
  /** Name or training year: your own profile, or anyone's as a director. */
  profileUpdate: call(
    z
      .object({
        profileId: z.uuid(),
        displayName: DisplayNameSchema.optional(),
        trainingYear: TrainingYearSchema.optional(),
      })
      .strict(),
    ProfileSchema,
  ),
  profileSetPassphrase: call(
    z.object({ profileId: z.uuid(), currentPassphrase: z.string().max(200), newPassphrase: PassphraseSchema }).strict(),
    ProfileSchema,
  ),
  sessionGet: call(NoInput, SessionSchema),
  /** Signs a profile in; a director's needs its passphrase (rate limited after failures). */
  sessionSignIn: call(
    z.object({ profileId: z.uuid(), passphrase: z.string().max(200).optional() }).strict(),
    SessionSchema,
  ),
  sessionSignOut: call(NoInput, SessionSchema),
  curriculumList: call(NoInput, z.object({ curricula: z.array(CurriculumSchema) })),
  curriculumCreate: call(CurriculumInputSchema, CurriculumSchema),
  curriculumUpdate: call(CurriculumInputSchema.partial().extend({ id: z.uuid() }).strict(), CurriculumSchema),
  assignmentCreate: call(
    AssignmentTermsSchema.extend({
      target: AssignmentTargetSchema,
      traineeIds: z.array(z.uuid()).min(1, 'must name at least one trainee').max(500),
    }).strict(),
    AssignmentSchema,
  ),
  assignmentUpdate: call(
    AssignmentTermsSchema.partial()
      .extend({
        id: z.uuid(),
        traineeIds: z.array(z.uuid()).min(1, 'must name at least one trainee').max(500).optional(),
      })
      .strict(),
    AssignmentSchema,
  ),
  /** Withdraws an assignment; attempts made under it stay. */
  assignmentDelete: call(z.object({ id: z.uuid() }).strict(), z.object({ id: z.uuid() })),
  /** A trainee's home: assignments with progress, cases locked by progression, unfinished attempts. */
  traineeHome: call(
    z.object({ profileId: z.uuid() }).strict(),
    z.object({
      assignments: z.array(z.object({ assignment: AssignmentSchema, progress: AssignmentProgressSchema })),
      locked: z.array(z.object({ scenarioId: z.string(), reason: z.string() })),
      unfinished: z.array(UnfinishedAttemptSchema),
    }),
  ),
  /** The director's view: every trainee's progress on every assignment. */
  programOverview: call(
    NoInput,
    z.object({
      assignments: z.array(AssignmentSchema),
      progress: z.array(AssignmentProgressSchema),
      curricula: z.array(CurriculumSchema),
    }),
  ),
  /** Results as CSV, one row per attempt with every metric. */
  recordsExportCsv: call(
    AttemptFiltersSchema,
    z.object({ fileName: z.string(), csv: z.string(), rows: z.number().int() }),
  ),
  /** The whole database as one SQLite file (base64). */
  recordsBackup: call(NoInput, z.object({ fileName: z.string(), base64: z.string(), bytes: z.number().int() })),
  /** Replaces the database with a backup, after checking it; the current file is kept beside it. */
  recordsRestore: call(
    z.object({ base64: z.string().min(1).max(400_000_000) }).strict(),
    z.object({
      schemaVersion: z.number().int(),
      profiles: z.number().int(),
      attempts: z.number().int(),
      previousCopy: z.string(),
    }),
  ),
  /** An assignment pack (roster, curricula, assignments) or attempts with their replays, as JSON. */
  packExport: call(
    z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('assignment-pack') }).strict(),
      z.object({ kind: z.literal('attempt-pack'), attemptIds: z.array(z.uuid()).max(10_000).optional() }).strict(),
    ]),
    z.object({ fileName: z.string(), json: z.string() }),
  ),
  packImport: call(z.object({ json: z.string().min(1).max(400_000_000) }).strict(), PackImportReportSchema),
  /**
   * A replay file (`.irreplay`, gzip bytes as base64) from another workstation, filed under the
   * trainee it names after its commands are re-simulated here and give what it claims. Importing
   * it again changes nothing ('already-here').
   */
  replayImport: call(
    z
      .object({
        /** As the user picked it: only used to name the file in a refusal. */
        fileName: z.string().trim().min(1).max(255),
        base64: z.string().min(1).max(400_000_000),
      })
      .strict(),
    z.object({ attemptId: z.uuid(), status: z.enum(['imported', 'already-here']) }),
  ),
  settingsGet: call(NoInput, SettingsSchema),
  settingsSet: call(SettingsSchema.omit({ activeProfileId: true }).partial().strict(), SettingsSchema),
  // `satisfies` checks both ways: a name without schemas, or schemas without a name, fail to compile.
} as const satisfies Record<CallName, CallSchemas>;

/**
 * Who may make each call, checked by the main process before anything else (whatever a screen
 * shows): anyone at the workstation, a signed-in profile, or a signed-in program director.
 * Handlers add finer rules (a trainee acts only as themself).
 */
export type CallAccess = 'anyone' | 'signed-in' | 'director';
export const callAccess: Record<CallName, CallAccess> = {
  appInfo: 'anyone',
  scenarioList: 'anyone',
  scenarioGet: 'anyone',
  attemptStart: 'signed-in',
  attemptCheckpoint: 'signed-in',
  attemptAbandon: 'signed-in',
  attemptResume: 'signed-in',
  attemptSubmit: 'signed-in',
  attemptList: 'signed-in',
  attemptGet: 'signed-in',
  attemptReplay: 'signed-in',
  commentAdd: 'signed-in',
  commentList: 'signed-in',
  profileList: 'anyone',
  profileCreate: 'anyone',
  profileUpdate: 'signed-in',
  profileSetPassphrase: 'director',
  sessionGet: 'anyone',
  sessionSignIn: 'anyone',
  sessionSignOut: 'anyone',
  settingsGet: 'anyone',
  settingsSet: 'signed-in',
  curriculumList: 'signed-in',
  curriculumCreate: 'director',
  curriculumUpdate: 'director',
  assignmentCreate: 'director',
  assignmentUpdate: 'director',
  assignmentDelete: 'director',
  traineeHome: 'signed-in',
  programOverview: 'director',
  recordsExportCsv: 'director',
  recordsBackup: 'director',
  recordsRestore: 'director',
  packExport: 'director',
  packImport: 'director',
  // Filing another workstation's attempt under a trainee is program administration.
  replayImport: 'director',
};

export type Contract = typeof contract;
export type CallInput<N extends CallName> = z.input<Contract[N]['input']>;
export type CallOutput<N extends CallName> = z.output<Contract[N]['output']>;

/** The typed surface screens use, whichever transport is underneath. */
export type Api = { [N in CallName]: (input: CallInput<N>) => Promise<CallOutput<N>> };
