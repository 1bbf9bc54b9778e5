import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const cliEntry = join(import.meta.dirname, '../../src/cli/main.ts');

/** Runs `npm run cli -- …` as a user would (same entry file, same Node), and captures its output. */
export function runCli(args: string[]): { status: number | null; stdout: string; stderr: string; json: () => unknown } {
  const result = spawnSync(process.execPath, [cliEntry, ...args], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, json: () => JSON.parse(result.stdout) };
}
