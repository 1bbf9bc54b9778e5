/**
 * Numbered schema migrations, applied in order, each in its own transaction together with the
 * row that records it. Never edit a migration that has shipped: add the next number.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'profiles and settings',
    sql: `
      CREATE TABLE profiles (
        id TEXT PRIMARY KEY,
        display_name TEXT NOT NULL,
        -- Lower-cased name: two profiles may not differ only in case.
        display_name_key TEXT NOT NULL UNIQUE,
        role TEXT NOT NULL CHECK (role IN ('trainee', 'director')),
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value_json TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 2,
    name: 'attempts',
    sql: `
      -- One finished attempt at a case: what was done (the recorded commands), what the main
      -- process computed by re-simulating them (the score and the event log), and whether that
      -- matched what the workstation claimed.
      CREATE TABLE attempts (
        id TEXT PRIMARY KEY,
        profile_id TEXT NOT NULL REFERENCES profiles(id),
        scenario_id TEXT NOT NULL,
        scenario_version INTEGER NOT NULL,
        scenario_title TEXT NOT NULL,
        core_version TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT NOT NULL,
        total_steps INTEGER NOT NULL,
        score_total REAL NOT NULL,
        passed INTEGER NOT NULL CHECK (passed IN (0, 1)),
        verification TEXT NOT NULL CHECK (verification IN ('verified', 'mismatch')),
        score_json TEXT NOT NULL,
        events_json TEXT NOT NULL,
        commands_json TEXT NOT NULL
      ) STRICT;
      CREATE INDEX attempts_by_profile ON attempts (profile_id, finished_at);
    `,
  },
  {
    version: 3,
    name: 'review comments',
    sql: `
      CREATE TABLE attempt_comments (
        id TEXT PRIMARY KEY,
        attempt_id TEXT NOT NULL REFERENCES attempts(id),
        author_profile_id TEXT NOT NULL REFERENCES profiles(id),
        step INTEGER NOT NULL,
        text TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX attempt_comments_by_attempt ON attempt_comments (attempt_id, step);
    `,
  },
  {
    version: 4,
    name: 'attempt final state hash',
    sql: `
      -- The re-simulated attempt's final state hash: a replay file exported from this attempt
      -- carries it, so any later re-simulation can be checked against it bit for bit.
      ALTER TABLE attempts ADD COLUMN final_state_hash TEXT NOT NULL DEFAULT '';
    `,
  },
];

export const latestSchemaVersion = migrations.reduce((max, migration) => Math.max(max, migration.version), 0);
