import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../../src/contract/errors.ts';
import { listAttempts } from '../../../../src/main/services/attempts.ts';
import {
  attemptCsvColumns,
  backupDatabase,
  exportAttemptsCsv,
  restoreDatabase,
} from '../../../../src/main/services/records.ts';
import { latestSchemaVersion } from '../../../../src/main/services/store/migrations.ts';
import { DATABASE_FILE_NAME, openStore, type Store } from '../../../../src/main/services/store/store.ts';
import type { AttemptScore } from '../../../../src/sim/scoring/score.ts';
import { useTempDirs } from '../../../helpers/temp-dir.ts';

const tempDir = useTempDirs();
const restoredAt = new Date('2026-11-23T10:00:00.123Z');

/** A score as the scorer stores it, with awkward numbers (long fractions, an exponent). */
function scoreOf(total: number, passed: boolean, jerk: number): AttemptScore {
  return {
    total,
    passMark: 70,
    passed,
    groups: {
      procedure: { weight: 40, earned: 33.333333333333336 },
      errors: { weight: 20, earned: 15 },
      process: { weight: 20, earned: 18.75 },
      outcome: { weight: 20, earned: total - 67.08333333333334 },
    },
    objectives: [
      { id: 'reach-ica', text: 'Reach the ICA', kind: 'reach', met: true, atS: 41.2, judged: true },
      {
        id: 'run-dsa',
        text: 'Acquire a DSA run',
        kind: 'angiogram',
        met: passed,
        atS: passed ? 80 : null,
        judged: true,
      },
      { id: 'recanalize', text: 'Recanalize the M1', kind: 'recanalize', met: false, atS: null, judged: false },
    ],
    phases: [],
    errors: [
      { id: 'excess-wall-force', text: 'Wall force over the limit', severity: 'minor', times: [12.5, 30.1] },
      { id: 'air-in-line', text: 'Air in the flush line', severity: 'major', times: [55] },
    ],
    process: [{ metric: 'contrast-ml', value: 18.4, limit: 60, score: 1 }],
    metrics: {
      totalTimeS: 312.5,
      fluoroscopyTimeS: 141.70833333333334,
      acquisitionRuns: 3,
      acquisitionFrames: 57,
      contrastMl: 18.400000000000002,
      referenceAirKermaMGy: 96.12345678901234,
      kermaAreaProductGyCm2: 12.003,
      wallForceEvents: 2,
      maxWallForceN: 0.41,
      tipPathMm: 1503.25,
      tipSpeedMmPerS: 9.87654321,
      tipJerkRms: jerk,
      seeThroughS: 0,
      thrombectomyPasses: 2,
      firstPassEffect: 0,
      newTerritoryEmboli: 1,
      particlesMl: 0,
      particlesRefluxedMl: 0,
      coilsDeployed: 0,
    },
  };
}

interface SeededAttempt {
  id: string;
  profileId: string;
  scenarioId: string;
  scenarioTitle: string;
  finishedAt: string;
  totalSteps: number;
  passMark: number | null;
  score: AttemptScore;
}

function addProfile(store: Store, displayName: string, trainingYear: number | null): string {
  const id = randomUUID();
  store.db
    .prepare(
      `INSERT INTO profiles (id, display_name, display_name_key, role, training_year, created_at)
       VALUES (?, ?, ?, 'trainee', ?, '2026-09-01T08:00:00.000Z')`,
    )
    .run(id, displayName, displayName.toLowerCase(), trainingYear);
  return id;
}

function addAttempt(
  store: Store,
  profileId: string,
  attempt: { scenarioId: string; scenarioTitle: string; finishedAt: string; totalSteps: number; score: AttemptScore },
): SeededAttempt {
  const seeded = { id: randomUUID(), profileId, passMark: null, ...attempt };
  store.db
    .prepare(
      `INSERT INTO attempts (id, profile_id, scenario_id, scenario_version, scenario_title, core_version, started_at,
         finished_at, total_steps, score_total, passed, verification, score_json, events_json, commands_json)
       VALUES (?, ?, ?, 2, ?, '0.1.0', '2026-11-20T09:00:00.000Z', ?, ?, ?, ?, 'verified', ?, '[]', '[]')`,
    )
    .run(
      seeded.id,
      profileId,
      seeded.scenarioId,
      seeded.scenarioTitle,
      seeded.finishedAt,
      seeded.totalSteps,
      seeded.score.total,
      seeded.score.passed ? 1 : 0,
      JSON.stringify(seeded.score),
    );
  return seeded;
}

/** A database with two trainees and three attempts, one of them a trainee with an awkward name. */
function seededStore(): { store: Store; smith: string; okafor: string; attempts: SeededAttempt[] } {
  const store = openStore(join(tempDir(), DATABASE_FILE_NAME));
  const smith = addProfile(store, 'Smith, "Jo"', 2);
  const okafor = addProfile(store, 'Amaka Okafor', null);
  const attempts = [
    addAttempt(store, smith, {
      scenarioId: 'carotid-drill',
      scenarioTitle: 'Carotid drill',
      finishedAt: '2026-11-20T09:05:00.000Z',
      totalSteps: 37_501,
      score: scoreOf(81.41666666666667, true, 1e-7),
    }),
    addAttempt(store, okafor, {
      scenarioId: 'stroke-left-m1-aspiration',
      scenarioTitle: 'Stroke: left M1,\nby aspiration',
      finishedAt: '2026-11-21T14:30:00.000Z',
      totalSteps: 60_000,
      score: scoreOf(55.5, false, 3.25),
    }),
    addAttempt(store, smith, {
      scenarioId: 'stroke-left-m1-aspiration',
      scenarioTitle: 'Stroke: left M1,\nby aspiration',
      finishedAt: '2026-11-22T16:00:00.000Z',
      totalSteps: 48_000,
      score: scoreOf(72.0, true, 0.5),
    }),
  ];
  return { store, smith, okafor, attempts };
}

/** RFC 4180, strictly: CRLF between records, quoted fields with doubled quotes. */
function parseCsv(csv: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const char = csv[i];
    if (quoted) {
      if (char === '"' && csv[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      record.push(field);
      field = '';
    } else if (char === '\r' && csv[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else if (char === '\r' || char === '\n') throw new Error(`bare line break at ${i}`);
    else field += char;
  }
  if (quoted || field !== '' || record.length > 0) throw new Error('CSV does not end with CRLF');
  return records;
}

/** The CSV as one object per row, keyed by the header. */
function csvRows(csv: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(csv);
  return rows.map((row) => {
    expect(row).toHaveLength(header!.length);
    return Object.fromEntries(header!.map((column, i) => [column, row[i]!]));
  });
}

const fields = (store: Store, table: 'profiles' | 'attempts') =>
  store.db.prepare(`SELECT * FROM ${table} ORDER BY id`).all();

describe('results as CSV', () => {
  it('has a header of snake_case columns, the fixed fields then every metric in documented order', () => {
    const { store } = seededStore();
    const { csv } = exportAttemptsCsv(store, {});
    expect(parseCsv(csv)[0]).toEqual([
      'attempt_id',
      'trainee_id',
      'trainee_name',
      'training_year',
      'scenario_id',
      'scenario_version',
      'scenario_title',
      'assignment_id',
      'started_at',
      'finished_at',
      'duration_s',
      'core_version',
      'verification',
      'total',
      'pass_mark',
      'passed',
      'procedure_earned',
      'errors_earned',
      'process_earned',
      'outcome_earned',
      'objectives_met',
      'objectives_total',
      'error_count',
      'total_time_s',
      'fluoroscopy_time_s',
      'acquisition_runs',
      'acquisition_frames',
      'contrast_ml',
      'reference_air_kerma_mgy',
      'kerma_area_product_gy_cm2',
      'wall_force_events',
      'max_wall_force_n',
      'tip_path_mm',
      'tip_speed_mm_per_s',
      'tip_jerk_rms',
      'see_through_s',
      'thrombectomy_passes',
      'first_pass_effect',
      'new_territory_emboli',
      'particles_ml',
      'particles_refluxed_ml',
      'coils_deployed',
    ]);
    expect(parseCsv(csv)[0]).toEqual(attemptCsvColumns);
    store.close();
  });

  it('writes one row per attempt, newest first, each value the stored one at full precision', () => {
    const { store, smith, okafor, attempts } = seededStore();
    const { csv, rows } = exportAttemptsCsv(store, {});
    expect(rows).toBe(3);
    const parsed = csvRows(csv);
    expect(parsed.map((row) => row.attempt_id)).toEqual(listAttempts(store).map((attempt) => attempt.id));
    expect(parsed.map((row) => row.attempt_id)).toEqual([attempts[2]!.id, attempts[1]!.id, attempts[0]!.id]);

    const names = new Map([
      [smith, { name: 'Smith, "Jo"', year: '2' }],
      [okafor, { name: 'Amaka Okafor', year: '' }],
    ]);
    for (const row of parsed) {
      const stored = attempts.find((attempt) => attempt.id === row.attempt_id)!;
      const { score } = stored;
      expect(row).toEqual({
        attempt_id: stored.id,
        trainee_id: stored.profileId,
        trainee_name: names.get(stored.profileId)!.name,
        training_year: names.get(stored.profileId)!.year,
        scenario_id: stored.scenarioId,
        scenario_version: '2',
        scenario_title: stored.scenarioTitle,
        assignment_id: '',
        started_at: '2026-11-20T09:00:00.000Z',
        finished_at: stored.finishedAt,
        duration_s: String(stored.totalSteps / 120),
        core_version: '0.1.0',
        verification: 'verified',
        total: String(score.total),
        pass_mark: '70',
        passed: String(score.passed),
        procedure_earned: '33.333333333333336',
        errors_earned: '15',
        process_earned: '18.75',
        outcome_earned: String(score.groups.outcome.earned),
        objectives_met: score.passed ? '2' : '1',
        objectives_total: '3',
        error_count: '3',
        total_time_s: '312.5',
        fluoroscopy_time_s: '141.70833333333334',
        acquisition_runs: '3',
        acquisition_frames: '57',
        contrast_ml: '18.400000000000002',
        reference_air_kerma_mgy: '96.12345678901234',
        kerma_area_product_gy_cm2: '12.003',
        wall_force_events: '2',
        max_wall_force_n: '0.41',
        tip_path_mm: '1503.25',
        tip_speed_mm_per_s: '9.87654321',
        tip_jerk_rms: String(score.metrics.tipJerkRms),
        see_through_s: '0',
        thrombectomy_passes: '2',
        first_pass_effect: '0',
        new_territory_emboli: '1',
        particles_ml: '0',
        particles_refluxed_ml: '0',
        coils_deployed: '0',
      });
      // Every number reads back as exactly the stored double.
      expect(Number(row.tip_jerk_rms)).toBe(score.metrics.tipJerkRms);
      expect(Number(row.duration_s)).toBe(stored.totalSteps / 120);
    }
    expect(parsed.find((row) => row.attempt_id === attempts[0]!.id)!.tip_jerk_rms).toBe('1e-7');
    store.close();
  });

  it('quotes fields with commas, quotes and line breaks (RFC 4180) and ends every line with CRLF', () => {
    const { store } = seededStore();
    const { csv } = exportAttemptsCsv(store, {});
    expect(csv).toContain(',"Smith, ""Jo""",');
    expect(csv).toContain(',"Stroke: left M1,\nby aspiration",');
    expect(csv.endsWith('\r\n')).toBe(true);
    // Outside the one quoted title, every line break is CRLF.
    expect(csv.replaceAll('M1,\nby', '').match(/(?<!\r)\n/g)).toBeNull();
    store.close();
  });

  it('neutralises text a spreadsheet would run as a formula, and leaves numbers alone', () => {
    const store = openStore(join(tempDir(), DATABASE_FILE_NAME));
    const names = ['=HYPERLINK("http://evil.example","Jo")', '+44 20 7946 0000', '-Jo', '@SUM(A1)', '\tTab'];
    for (const name of names) {
      addAttempt(store, addProfile(store, name, 1), {
        scenarioId: 'carotid-drill',
        scenarioTitle: '=cmd|"/c calc"!A1',
        finishedAt: '2026-11-20T09:05:00.000Z',
        totalSteps: 1200,
        score: scoreOf(75, true, 0.5),
      });
    }
    const rows = csvRows(exportAttemptsCsv(store, {}).csv);
    expect(rows.map((row) => row.trainee_name).sort()).toEqual(names.map((name) => `'${name}`).sort());
    for (const row of rows) {
      expect(row.scenario_title).toBe(`'=cmd|"/c calc"!A1`);
      expect(row.total).toBe('75');
      expect(row.duration_s).toBe('10');
    }
    store.close();
  });

  it('applies the attempt list filters: one trainee, one case', () => {
    const { store, smith, okafor, attempts } = seededStore();
    const smithRows = csvRows(exportAttemptsCsv(store, { profileId: smith }).csv);
    expect(smithRows.map((row) => row.attempt_id)).toEqual([attempts[2]!.id, attempts[0]!.id]);
    expect(new Set(smithRows.map((row) => row.trainee_id))).toEqual(new Set([smith]));

    const stroke = exportAttemptsCsv(store, { scenarioId: 'stroke-left-m1-aspiration', profileId: okafor });
    expect(stroke.rows).toBe(1);
    expect(csvRows(stroke.csv).map((row) => row.attempt_id)).toEqual([attempts[1]!.id]);

    const none = exportAttemptsCsv(store, { profileId: randomUUID() });
    expect(none).toEqual({ csv: `${attemptCsvColumns.join(',')}\r\n`, rows: 0 });
    store.close();
  });
});

describe('backup and restore', () => {
  it('restores a backup into a fresh data folder with identical records, keeping the replaced file', () => {
    const { store: source, attempts } = seededStore();
    const backup = backupDatabase(source);
    const dataDir = tempDir();
    const target = openStore(join(dataDir, DATABASE_FILE_NAME));
    addProfile(target, 'Only here', 1);

    const { store: restored, report } = restoreDatabase(target, backup, restoredAt);
    expect(report).toEqual({
      schemaVersion: latestSchemaVersion,
      profiles: 2,
      attempts: attempts.length,
      previousCopy: `${DATABASE_FILE_NAME}.before-restore-2026-11-23T10-00-00-123Z`,
    });
    expect(restored.filePath).toBe(join(dataDir, DATABASE_FILE_NAME));
    expect(exportAttemptsCsv(restored, {})).toEqual(exportAttemptsCsv(source, {}));
    expect(fields(restored, 'attempts')).toEqual(fields(source, 'attempts'));
    expect(fields(restored, 'profiles')).toEqual(fields(source, 'profiles'));
    // Only the database (and its live WAL) and the kept copy: no temporary file left behind.
    expect(
      readdirSync(dataDir)
        .filter((name) => !/-(wal|shm)$/.test(name))
        .sort(),
    ).toEqual([DATABASE_FILE_NAME, report.previousCopy]);
    const previous = openStore(join(dataDir, report.previousCopy));
    expect(previous.db.prepare('SELECT display_name FROM profiles').all()).toEqual([{ display_name: 'Only here' }]);
    previous.close();
    restored.close();
    source.close();
  });

  it('takes a consistent copy while the database is open and written, and removes its temporary folder', () => {
    const { store } = seededStore();
    addProfile(store, 'Written just now', 3);
    const backup = backupDatabase(store);
    expect(backup.subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');
    const restored = restoreDatabase(openStore(join(tempDir(), DATABASE_FILE_NAME)), backup, restoredAt);
    expect(restored.report.profiles).toBe(3);
    restored.store.close();
    store.close();
  });

  /** Restoring `backup` over a seeded database fails; the database still holds its records. */
  function expectRefused(backup: Buffer, code: ApiError['code'], reason: RegExp): void {
    const { store, attempts } = seededStore();
    const before = exportAttemptsCsv(store, {});
    let thrown: unknown;
    try {
      restoreDatabase(store, backup, restoredAt);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ApiError);
    expect((thrown as ApiError).code).toBe(code);
    expect((thrown as ApiError).message).toMatch(/^backup: /);
    expect((thrown as ApiError).message).toMatch(reason);
    expect(exportAttemptsCsv(store, {})).toEqual(before);
    expect(listAttempts(store)).toHaveLength(attempts.length);
    const folder = join(store.filePath, '..');
    expect(readdirSync(folder).filter((name) => /restor/.test(name))).toEqual([]);
    store.close();
  }

  it('refuses an empty file or one that is not a database, saying so, and changes nothing', () => {
    expectRefused(Buffer.alloc(0), 'invalid-input', /the file is empty/);
    expectRefused(Buffer.from('attempt_id,trainee_id\r\n'.repeat(20)), 'invalid-input', /not a database/);
  });

  it('refuses a damaged database file and changes nothing', () => {
    const { store } = seededStore();
    const damaged = backupDatabase(store);
    store.close();
    damaged.fill(0x5a, 1024, damaged.length);
    expectRefused(damaged, 'storage', /damaged|not a database/);
  });

  it('refuses a database from a newer version of the app, naming both schema versions', () => {
    const folder = tempDir();
    const newer = openStore(join(folder, DATABASE_FILE_NAME));
    newer.db
      .prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
      .run(latestSchemaVersion + 1, 'from the future', '2030-01-01T00:00:00Z');
    const backup = backupDatabase(newer);
    newer.close();
    expectRefused(
      backup,
      'storage',
      new RegExp(`newer version of IR Trainer \\(schema ${latestSchemaVersion + 1}; this version knows up to`),
    );
  });

  it("refuses another program's SQLite database", () => {
    const file = join(tempDir(), 'other.sqlite');
    const other = new DatabaseSync(file);
    other.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount REAL)');
    other.close();
    expectRefused(readFileSync(file), 'storage', /not an IR Trainer database/);
  });

  it('keeps each replaced database when restoring twice in the same instant', () => {
    const { store: source } = seededStore();
    const backup = backupDatabase(source);
    source.close();
    const dataDir = tempDir();
    const first = restoreDatabase(openStore(join(dataDir, DATABASE_FILE_NAME)), backup, restoredAt);
    const second = restoreDatabase(first.store, backup, restoredAt);
    expect(second.report.previousCopy).toBe(`${first.report.previousCopy}-2`);
    expect(existsSync(join(dataDir, first.report.previousCopy))).toBe(true);
    expect(existsSync(join(dataDir, second.report.previousCopy))).toBe(true);
    second.store.close();
  });
});
