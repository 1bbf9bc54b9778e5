import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { writeFileAtomically } from '../../main/services/atomic-file.ts';
import {
  backupDatabase,
  exportAttemptsCsv,
  restoreDatabase,
  RestoreRolledBackError,
} from '../../main/services/records.ts';
import { DATABASE_FILE_NAME, openStore, type Store } from '../../main/services/store/store.ts';
import { dataDirOption, UsageError, type Command } from '../command.ts';

/**
 * The programme's records as files, for the workstation's operator (full rights: whoever can run
 * this can read the data folder anyway). The data folder is always named, never defaulted, so a
 * restore cannot land on the wrong workstation's database by accident.
 */
export const recordsCommand: Command = {
  name: 'records',
  summary: 'results as CSV, database backup and restore',
  usage:
    'records export-csv --data-dir DIR --out FILE.csv [--profile ID] [--scenario ID] | ' +
    'records backup --data-dir DIR --out FILE | records restore --data-dir DIR --from FILE',
  run(args) {
    const [verb, ...rest] = args;
    const { values } = parseArgs({
      args: rest,
      options: {
        ...dataDirOption,
        out: { type: 'string' },
        from: { type: 'string' },
        profile: { type: 'string' },
        scenario: { type: 'string' },
      },
      strict: true,
    });
    if (verb !== 'export-csv' && verb !== 'backup' && verb !== 'restore') {
      throw new UsageError(`records: unknown subcommand "${verb ?? ''}"; usage: ${this.usage}`);
    }
    const dataDir = resolve(required(values['data-dir'], '--data-dir', 'the data folder whose database to use'));
    const databasePath = join(dataDir, DATABASE_FILE_NAME);
    switch (verb) {
      case 'export-csv': {
        const out = resolve(required(values.out, '--out', 'the CSV file to write'));
        const filters = {
          ...(values.profile === undefined ? {} : { profileId: values.profile }),
          ...(values.scenario === undefined ? {} : { scenarioId: values.scenario }),
        };
        return withStore(existingDatabase(databasePath), (store) => {
          const { csv, rows } = exportAttemptsCsv(store, filters);
          writeFileAtomically(out, csv);
          return { out, rows };
        });
      }
      case 'backup': {
        const out = resolve(required(values.out, '--out', 'the backup file to write'));
        return withStore(existingDatabase(databasePath), (store) => {
          const bytes = backupDatabase(store);
          writeFileAtomically(out, bytes);
          return { out, bytes: bytes.length };
        });
      }
      case 'restore': {
        const backup = readFileSync(resolve(required(values.from, '--from', 'the backup file to restore')));
        // A fresh data folder is fine: restoring is how a replacement workstation gets its records.
        let current = openStore(databasePath);
        try {
          const restored = restoreDatabase(current, backup, new Date());
          current = restored.store;
          return restored.report;
        } catch (error) {
          if (error instanceof RestoreRolledBackError) current = error.store;
          throw error;
        } finally {
          // Closed already when even putting the previous database back failed.
          if (current.db.isOpen) current.close();
        }
      }
    }
  },
};

function withStore<T>(databasePath: string, work: (store: Store) => T): T {
  const store = openStore(databasePath);
  try {
    return work(store);
  } finally {
    store.close();
  }
}

/** Reading commands never create a database: a mistyped folder is an error, not an empty result. */
function existingDatabase(databasePath: string): string {
  if (!existsSync(databasePath)) {
    throw new Error(`records: there is no IR Trainer database at ${databasePath}; check --data-dir.`);
  }
  return databasePath;
}

function required(value: string | undefined, flag: string, what: string): string {
  if (value === undefined) throw new UsageError(`records: ${flag} is required (${what})`);
  return value;
}
