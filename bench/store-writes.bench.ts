import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createProfile } from '../src/main/services/profiles.ts';
import { DATABASE_FILE_NAME, openStore } from '../src/main/services/store/store.ts';
import type { Benchmark } from './run.ts';

/** Durable commits per second: each is a transaction fsynced to disk (WAL, synchronous=FULL). */
export const benchmark: Benchmark = {
  name: 'store-writes',
  description: 'committed single-row transactions per second on a real database file',
  run() {
    const dir = mkdtempSync(join(tmpdir(), 'ir-trainer-bench-'));
    const store = openStore(join(dir, DATABASE_FILE_NAME));
    const count = 2000;
    const start = performance.now();
    for (let i = 0; i < count; i++)
      createProfile(store, { displayName: `Bench ${i}`, role: 'trainee' }, () => new Date());
    const elapsedMs = performance.now() - start;
    store.close();
    rmSync(dir, { recursive: true, force: true });
    return {
      commits: count,
      commitsPerSecond: Math.round((count / elapsedMs) * 1000),
      meanCommitMs: +(elapsedMs / count).toFixed(3),
    };
  },
};
