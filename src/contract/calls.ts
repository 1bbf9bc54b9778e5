import { z } from 'zod';
import { ScenarioHeaderSchema } from '../sim/scenario/header.ts';
import { ScenarioSchema } from '../sim/scenario/scenario.ts';
import { RecordedCommandSchema } from '../sim/replay/command-schema.ts';
import type { AttemptScore } from '../sim/scoring/score.ts';
import type { SimEvent } from '../sim/simulation.ts';
import type { CallName } from './call-names.ts';

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
  /** ISO 8601 time the profile was created. */
  createdAt: z.iso.datetime(),
});
export type Profile = z.output<typeof ProfileSchema>;

export const SettingsSchema = z.object({
  /** Profile the app opens with; null until someone picks one. */
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
  attemptSubmit: call(
    z
      .object({
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
  attemptList: call(
    z.object({ profileId: z.uuid().optional() }).strict(),
    z.object({ attempts: z.array(AttemptSummarySchema) }),
  ),
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
  profileCreate: call(z.object({ displayName: DisplayNameSchema, role: ProfileRoleSchema }).strict(), ProfileSchema),
  profileRename: call(z.object({ profileId: z.uuid(), displayName: DisplayNameSchema }).strict(), ProfileSchema),
  settingsGet: call(NoInput, SettingsSchema),
  settingsSet: call(SettingsSchema.partial().strict(), SettingsSchema),
  // `satisfies` checks both ways: a name without schemas, or schemas without a name, fail to compile.
} as const satisfies Record<CallName, CallSchemas>;

export type Contract = typeof contract;
export type CallInput<N extends CallName> = z.input<Contract[N]['input']>;
export type CallOutput<N extends CallName> = z.output<Contract[N]['output']>;

/** The typed surface screens use, whichever transport is underneath. */
export type Api = { [N in CallName]: (input: CallInput<N>) => Promise<CallOutput<N>> };
