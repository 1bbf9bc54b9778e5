import { z } from 'zod';
import { parseOrThrow } from '../schema-errors.ts';
import { RecordedCommandSchema } from './command-schema.ts';

/**
 * The replay file (`.irreplay`, gzip-compressed JSON): which case and version, which core, the
 * seed the operator or trainee played with, how long the attempt ran and every command with its
 * step. With the case file this re-simulates the attempt bit for bit (`replaySimulation`).
 * It also carries what the attempt showed (score, pass, final state hash): `replay verify`
 * re-simulates and refuses a file whose commands no longer give them (altered). Keyframes are
 * not stored: the player takes exact ones as it plays (`keyframes.ts`), and a file from another
 * core is refused rather than played (its re-simulation could differ).
 *
 * A file exported from the replay player also says whose attempt it is (`attempt`), so another
 * workstation can file it under that trainee (`replayImport`). The block is optional: files
 * written before it existed, and `scenario run --replay`, still parse (same `format`).
 */
export const replayFileFormat = 1;

const TimeSchema = z.iso.datetime({ offset: true });

/** Who made the attempt and under what terms, as the exporting workstation stored it. */
export const ReplayAttemptSchema = z
  .object({
    /** The attempt's id there; importing the same file twice files it once. */
    id: z.uuid(),
    /** The profile as it was there (never its passphrase). */
    profile: z
      .object({
        id: z.uuid(),
        displayName: z.string().trim().min(1, 'must not be empty').max(60, 'must be at most 60 characters'),
        role: z.enum(['trainee', 'director']),
        /** Postgraduate training year, 1 to 10, or null when not set. */
        trainingYear: z.number().int().min(1, 'must be 1 to 10').max(10, 'must be 1 to 10').nullable(),
        /** When the profile was made there: kept, so a later pack exchange sees the same record. */
        createdAt: TimeSchema,
      })
      .strict(),
    startedAt: TimeSchema,
    finishedAt: TimeSchema,
    /** The assignment it was made under; null for free practice. */
    assignmentId: z.uuid().nullable(),
    /** The pass mark (0 to 100) it was judged against there: the assignment's, or the case's own. */
    passMark: z.number().min(0, 'must be 0 to 100').max(100, 'must be 0 to 100'),
    /**
     * How it was stored there. An attempt flagged "mismatch" (its workstation claimed another
     * score, or it used an aid its assignment forbade) is filed as a mismatch here too, never
     * passed, as an attempt pack does.
     */
    verification: z.enum(['verified', 'mismatch']),
  })
  .strict();
export type ReplayAttempt = z.output<typeof ReplayAttemptSchema>;

export const ReplayFileSchema = z
  .object({
    format: z.literal(replayFileFormat),
    scenarioId: z.string().min(1),
    scenarioVersion: z.number().int().positive(),
    coreVersion: z.string().min(1),
    /** The anatomy variation it was played on (`scenario run --seed`); null: the case's own atlas settings. */
    seed: z.number().int().nonnegative().nullable(),
    totalSteps: z.number().int().nonnegative(),
    commands: z.array(RecordedCommandSchema),
    /** What the attempt showed when it was recorded: re-simulation must give the same, or the file was altered. */
    claimed: z
      .object({ total: z.number(), passed: z.boolean(), finalStateHash: z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{8}$/) })
      .strict(),
    /** Whose attempt this is; absent from files that are not a stored attempt. */
    attempt: ReplayAttemptSchema.optional(),
  })
  .strict();

export type ReplayFile = z.output<typeof ReplayFileSchema>;

export function parseReplayFile(value: unknown, source: string): ReplayFile {
  return parseOrThrow(ReplayFileSchema, value, source);
}
