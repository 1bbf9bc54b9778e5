import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { listProfiles, createProfile } from '../../../../src/main/services/profiles.ts';
import { latestSchemaVersion, migrations } from '../../../../src/main/services/store/migrations.ts';
import { DATABASE_FILE_NAME, openStore } from '../../../../src/main/services/store/store.ts';
import { useTempDirs } from '../../../helpers/temp-dir.ts';

const tempDir = useTempDirs();
const now = () => new Date('2026-11-23T10:00:00Z');

describe('store', () => {
  it('creates the database with WAL, foreign keys and every migration recorded', () => {
    const file = join(tempDir(), DATABASE_FILE_NAME);
    const store = openStore(file);
    expect((store.db.prepare('PRAGMA journal_mode').get() as { journal_mode: string }).journal_mode).toBe('wal');
    expect((store.db.prepare('PRAGMA foreign_keys').get() as { foreign_keys: number }).foreign_keys).toBe(1);
    const recorded = store.db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
    expect(recorded).toEqual(migrations.map(({ version, name }) => ({ version, name })));
    expect(store.schemaVersion).toBe(latestSchemaVersion);
    store.close();
  });

  it('keeps data across reopening and does not re-run migrations', () => {
    const file = join(tempDir(), DATABASE_FILE_NAME);
    const first = openStore(file);
    createProfile(first, { displayName: 'Dr Okafor', role: 'trainee' }, now);
    first.close();
    const second = openStore(file);
    expect(listProfiles(second).map((profile) => profile.displayName)).toEqual(['Dr Okafor']);
    const count = second.db.prepare('SELECT count(*) AS n FROM schema_migrations').get() as { n: number };
    expect(count.n).toBe(migrations.length);
    second.close();
  });

  it('rolls a failed transaction back whole', () => {
    const store = openStore(join(tempDir(), DATABASE_FILE_NAME));
    expect(() =>
      store.transaction(() => {
        createProfileRow(store.db, 'a');
        createProfileRow(store.db, 'b');
        throw new Error('power cut');
      }),
    ).toThrow('power cut');
    expect(listProfiles(store)).toEqual([]);
    store.close();
  });

  it('refuses a database written by a newer version, naming both versions, and leaves it untouched', () => {
    const file = join(tempDir(), DATABASE_FILE_NAME);
    openStore(file).close();
    const raw = new DatabaseSync(file);
    raw
      .prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
      .run(latestSchemaVersion + 5, 'from the future', '2030-01-01T00:00:00Z');
    raw.close();
    expect(() => openStore(file)).toThrow(
      new RegExp(
        `newer version of IR Trainer \\(schema ${latestSchemaVersion + 5}; this version knows up to ${latestSchemaVersion}\\)`,
      ),
    );
    const after = new DatabaseSync(file);
    expect((after.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number }).v).toBe(
      latestSchemaVersion + 5,
    );
    after.close();
  });

  it('refuses a damaged file with a clear error instead of resetting it', () => {
    const file = join(tempDir(), DATABASE_FILE_NAME);
    const garbage = Buffer.alloc(8192, 0x5a);
    writeFileSync(file, garbage);
    expect(() => openStore(file)).toThrow(/ir-trainer\.sqlite is damaged or not a database .*left untouched/);
    expect(Buffer.compare(readFileSync(file), garbage)).toBe(0);
  });

  it("refuses another program's SQLite database", () => {
    const file = join(tempDir(), DATABASE_FILE_NAME);
    const other = new DatabaseSync(file);
    other.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY)');
    other.close();
    expect(() => openStore(file)).toThrow(/is not an IR Trainer database/);
  });

  it('keeps every committed row when the writer is killed with SIGKILL mid-stream', async () => {
    const dataDir = tempDir();
    const child = spawn(
      process.execPath,
      [join(import.meta.dirname, '../../../fixtures/write-profiles-until-killed.ts'), dataDir],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const committed: string[] = [];
    let buffered = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop()!;
        committed.push(...lines);
        if (committed.length >= 300) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', () => reject(new Error(`writer exited before being killed: ${stderr}`)));
    });
    expect(await exited).toBe('SIGKILL');

    const store = openStore(join(dataDir, DATABASE_FILE_NAME));
    const integrity = store.db.prepare('PRAGMA integrity_check').get() as { integrity_check: string };
    expect(integrity.integrity_check).toBe('ok');
    const stored = new Set(listProfiles(store).map((profile) => profile.id));
    const missing = committed.filter((id) => !stored.has(id));
    expect(missing).toEqual([]);
    expect(stored.size).toBeGreaterThanOrEqual(committed.length);
    store.close();
  });
});

function createProfileRow(db: DatabaseSync, key: string): void {
  db.prepare('INSERT INTO profiles (id, display_name, display_name_key, role, created_at) VALUES (?, ?, ?, ?, ?)').run(
    `00000000-0000-4000-8000-00000000000${key === 'a' ? 1 : 2}`,
    key,
    key,
    'trainee',
    '2026-11-23T10:00:00Z',
  );
}
