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
  {
    version: 5,
    name: 'director passphrases, training years, curricula, assignments, unfinished attempts',
    sql: `
      -- A director's passphrase as a salted scrypt hash (never in clear), and the failed sign-ins
      -- that lock a profile for a while (kept here so a restart does not reset the count).
      ALTER TABLE profiles ADD COLUMN training_year INTEGER;
      ALTER TABLE profiles ADD COLUMN passphrase_hash TEXT;
      ALTER TABLE profiles ADD COLUMN failed_sign_ins INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE profiles ADD COLUMN locked_until TEXT;
      -- Edits are counted so a pack imported on another workstation can tell a newer copy of a
      -- record (fast-forward) from a record edited on both sides (a conflict, reported).
      ALTER TABLE profiles ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
      ALTER TABLE profiles ADD COLUMN synced_revision INTEGER NOT NULL DEFAULT 0;

      -- An ordered list of cases; a step unlocks when the previous one is passed
      -- passes_in_a_row times in a row (proficiency-based progression).
      CREATE TABLE curricula (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        passes_in_a_row INTEGER NOT NULL CHECK (passes_in_a_row >= 1),
        steps_json TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        revision INTEGER NOT NULL DEFAULT 1,
        synced_revision INTEGER NOT NULL DEFAULT 0
      ) STRICT;

      -- A case or a curriculum given to trainees, with the director's terms.
      CREATE TABLE assignments (
        id TEXT PRIMARY KEY,
        scenario_id TEXT,
        curriculum_id TEXT REFERENCES curricula(id),
        due_at TEXT,
        pass_mark REAL,
        attempts_allowed INTEGER CHECK (attempts_allowed IS NULL OR attempts_allowed >= 1),
        allow_see_through INTEGER NOT NULL CHECK (allow_see_through IN (0, 1)),
        allow_roadmap INTEGER NOT NULL CHECK (allow_roadmap IN (0, 1)),
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
        revision INTEGER NOT NULL DEFAULT 1,
        synced_revision INTEGER NOT NULL DEFAULT 0,
        CHECK ((scenario_id IS NULL) <> (curriculum_id IS NULL))
      ) STRICT;
      CREATE TABLE assignment_trainees (
        assignment_id TEXT NOT NULL REFERENCES assignments(id),
        profile_id TEXT NOT NULL REFERENCES profiles(id),
        PRIMARY KEY (assignment_id, profile_id)
      ) STRICT;
      CREATE INDEX assignment_trainees_by_profile ON assignment_trainees (profile_id);

      -- Attempts made under an assignment, and the pass mark they were judged against.
      ALTER TABLE attempts ADD COLUMN assignment_id TEXT REFERENCES assignments(id);
      ALTER TABLE attempts ADD COLUMN pass_mark REAL;

      -- An attempt under way: its commands so far, checkpointed every few seconds, so a crash
      -- or power cut loses at most the last few seconds; on the next start it is offered for
      -- resumption or marked abandoned.
      CREATE TABLE unfinished_attempts (
        id TEXT PRIMARY KEY,
        profile_id TEXT NOT NULL REFERENCES profiles(id),
        scenario_id TEXT NOT NULL,
        scenario_version INTEGER NOT NULL,
        assignment_id TEXT REFERENCES assignments(id),
        started_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        steps INTEGER NOT NULL,
        commands_json TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('open', 'abandoned', 'finished'))
      ) STRICT;
      CREATE INDEX unfinished_attempts_by_profile ON unfinished_attempts (profile_id, status);
    `,
  },
];

export const latestSchemaVersion = migrations.reduce((max, migration) => Math.max(max, migration.version), 0);
