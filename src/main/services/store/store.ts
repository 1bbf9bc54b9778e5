import { mkdirSync, existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { ApiError } from '../../../contract/errors.ts';
import { migrations, latestSchemaVersion, type Migration } from './migrations.ts';

/**
 * The app's one database file, through Node's built-in `node:sqlite` (no native addon, so the
 * same code runs under Node and inside Electron's main process).
 *
 * Durability: WAL journal with synchronous=FULL, so a transaction that returned is on disk even
 * if the process is killed or the power fails right after. Every multi-row change goes through
 * `transaction`, so a crash leaves either all of it or none.
 */
export interface Store {
  readonly filePath: string;
  readonly db: DatabaseSync;
  /** Number of the newest migration applied to this file. */
  readonly schemaVersion: number;
  /** Runs `work` inside BEGIN IMMEDIATE … COMMIT; rolls back if it throws. Not re-entrant. */
  transaction<T>(work: () => T): T;
  close(): void;
}

/** Marks the file as ours ('IRTR'), so a stranger's SQLite file is refused rather than migrated. */
const APPLICATION_ID = 0x49525452;

export const DATABASE_FILE_NAME = 'ir-trainer.sqlite';

export function openStore(filePath: string): Store {
  mkdirSync(dirname(filePath), { recursive: true });
  const existedBefore = existsSync(filePath) && statSync(filePath).size > 0;

  let db: DatabaseSync;
  try {
    db = new DatabaseSync(filePath);
  } catch (error) {
    throw storageError(filePath, 'could not be opened', error);
  }

  try {
    // The first statement that reads the file is where a damaged or foreign file shows itself.
    const header = db.prepare('PRAGMA application_id').get() as { application_id: number };
    const tableCount = (
      db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'").get() as { n: number }
    ).n;
    if (existedBefore && tableCount > 0 && header.application_id !== APPLICATION_ID) {
      throw new ApiError(
        'storage',
        `The database file ${filePath} is not an IR Trainer database (application id ${header.application_id}). ` +
          'It was left untouched; choose another data folder or move the file away.',
      );
    }
    db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA synchronous = FULL');
    db.exec('PRAGMA foreign_keys = ON');
    db.exec('PRAGMA busy_timeout = 5000');
    const integrity = (db.prepare('PRAGMA quick_check').get() as { quick_check: string }).quick_check;
    if (integrity !== 'ok') {
      throw new ApiError(
        'storage',
        `The database file ${filePath} is damaged (${integrity}). It was left untouched; restore a backup.`,
      );
    }
    const schemaVersion = migrate(db, filePath);
    return makeStore(db, filePath, schemaVersion);
  } catch (error) {
    db.close();
    if (error instanceof ApiError) throw error;
    throw storageError(filePath, 'is damaged or not a database', error);
  }
}

function makeStore(db: DatabaseSync, filePath: string, schemaVersion: number): Store {
  let inTransaction = false;
  return {
    filePath,
    db,
    schemaVersion,
    transaction<T>(work: () => T): T {
      if (inTransaction) throw new Error('Store.transaction is not re-entrant');
      inTransaction = true;
      db.exec('BEGIN IMMEDIATE');
      try {
        const result = work();
        db.exec('COMMIT');
        return result;
      } catch (error) {
        db.exec('ROLLBACK');
        throw error;
      } finally {
        inTransaction = false;
      }
    },
    close() {
      db.close();
    },
  };
}

function migrate(db: DatabaseSync, filePath: string): number {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  ) STRICT`);
  const applied = (db.prepare('SELECT coalesce(max(version), 0) AS v FROM schema_migrations').get() as { v: number }).v;
  if (applied > latestSchemaVersion) {
    throw new ApiError(
      'storage',
      `The database file ${filePath} was written by a newer version of IR Trainer (schema ${applied}; ` +
        `this version knows up to ${latestSchemaVersion}). It was left untouched; update the app to open it.`,
    );
  }
  const pending = migrations.filter((migration) => migration.version > applied);
  for (const migration of pending) applyMigration(db, migration);
  if (pending.length > 0 || applied === 0) db.exec(`PRAGMA application_id = ${APPLICATION_ID}`);
  return Math.max(applied, ...pending.map((migration) => migration.version));
}

function applyMigration(db: DatabaseSync, migration: Migration): void {
  db.exec('BEGIN IMMEDIATE');
  try {
    db.exec(migration.sql);
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
      migration.version,
      migration.name,
      new Date().toISOString(),
    );
    db.exec('COMMIT');
  } catch (error) {
    db.exec('ROLLBACK');
    throw new Error(`Migration ${migration.version} (${migration.name}) failed: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

function storageError(filePath: string, what: string, cause: unknown): ApiError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new ApiError('storage', `The database file ${filePath} ${what} (${reason}). It was left untouched.`);
}
