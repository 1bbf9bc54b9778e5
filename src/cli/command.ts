import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CallName, CallOutput } from '../contract/calls.ts';
import { dispatch, openServices } from '../main/services/api.ts';
import { defaultDataDir, repositoryRoot } from '../main/services/paths.ts';

/**
 * A command of `npm run cli -- <name> …`. Each prints JSON a program can read; any error is
 * thrown as `CliError` (or any Error) and becomes one line on stderr with a non-zero exit.
 */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  run(args: string[]): Promise<unknown> | unknown;
}

/** Misuse of the command line (exit code 2), as opposed to a failure while running (exit 1). */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The shipped assets (case library, anatomy files) the CLI reads. */
export const shippedAssetsDir = join(repositoryRoot, 'assets');

/** Runs one contract call through the same services the app uses, against `--data-dir`. */
export async function callService<N extends CallName>(
  dataDir: string | undefined,
  name: N,
  input: unknown,
): Promise<CallOutput<N>> {
  const services = openServices({
    dataDir: resolve(dataDir ?? defaultDataDir()),
    assetsDir: shippedAssetsDir,
    runtime: 'cli',
    appVersion: appVersion(),
  });
  try {
    const result = await dispatch(services.handlers, name, input);
    if (!result.ok) throw new Error(result.error.message);
    return result.value as CallOutput<N>;
  } finally {
    services.close();
  }
}

export function appVersion(): string {
  return (JSON.parse(readFileSync(join(repositoryRoot, 'package.json'), 'utf8')) as { version: string }).version;
}

export const dataDirOption = { 'data-dir': { type: 'string' } } as const;
