import { z } from 'zod';
import { parseOrThrow } from '../schema-errors.ts';
import { RecordedCommandSchema } from './command-schema.ts';

/**
 * The replay file (`.irreplay`, gzip-compressed JSON): which case and version, which core, the
 * seed the operator or trainee played with, how long the attempt ran and every command with its
 * step. With the case file this re-simulates the attempt bit for bit (`replaySimulation`).
 * It also carries what the attempt showed (score, pass, final state hash): `replay verify`
 * re-simulates and refuses a file whose commands no longer give them (altered). Keyframes for
 * fast seeking come later (issue #7).
 */
export const replayFileFormat = 1;

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
  })
  .strict();

export type ReplayFile = z.output<typeof ReplayFileSchema>;

export function parseReplayFile(value: unknown, source: string): ReplayFile {
  return parseOrThrow(ReplayFileSchema, value, source);
}
