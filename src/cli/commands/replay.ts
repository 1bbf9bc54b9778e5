import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { ApiError } from '../../contract/errors.ts';
import { rescoreAttempt, type Rescored } from '../../main/services/attempts.ts';
import { alteredReason, readReplayFile, replayCase } from '../../main/services/replay-import.ts';
import { SIM_CORE_VERSION } from '../../sim/version.ts';
import { shippedAssetsDir, UsageError, type Command } from '../command.ts';

/**
 * `replay verify <file>`: re-simulates a `.irreplay` on its case and prints the score it earns
 * and the final state hash; a file that is not gzip, not a replay, from another core or of a
 * case version this workstation does not have is refused with what is wrong. It reads and judges
 * the file exactly as `replayImport` does (`main/services/replay-import.ts`), on this thread: a
 * command line has no window to keep responsive.
 */
export const replayCommand: Command = {
  name: 'replay',
  summary: 'replay files: `replay verify <file.irreplay>` re-simulates one and prints its verified score',
  usage: 'replay verify <file.irreplay>',
  run(args) {
    const [verb, file, ...extra] = args;
    if (verb !== 'verify') throw new UsageError(`replay: unknown subcommand "${verb ?? ''}"; usage: ${this.usage}`);
    if (!file || extra.length > 0) throw new UsageError('replay verify: give exactly one replay file');
    const name = basename(file);
    let raw: Buffer;
    try {
      raw = readFileSync(file);
    } catch (error) {
      throw new Error(
        `${name}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
        {
          cause: error,
        },
      );
    }
    const replay = readReplayFile(raw, name);
    const scenario = replayCase(shippedAssetsDir, replay, name);
    let rescored: Rescored;
    try {
      // Judged by the pass mark it was judged by when recorded, where the file says (exported attempts).
      rescored = rescoreAttempt(shippedAssetsDir, replay, { passMark: replay.attempt?.passMark ?? null, aids: null });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      throw new Error(`${name}: ${error.message}`, { cause: error });
    }
    const altered = alteredReason(name, replay, rescored);
    if (altered) throw new Error(altered);
    const { score, finalStateHash } = rescored;
    return {
      file: name,
      scenarioId: scenario.id,
      scenarioVersion: scenario.version,
      coreVersion: SIM_CORE_VERSION,
      seed: replay.seed,
      totalSteps: replay.totalSteps,
      finalStateHash,
      total: score.total,
      passed: score.passed,
      passMark: score.passMark,
      objectives: score.objectives.map(({ id, met, atS }) => ({ id, met, atS })),
    };
  },
};
