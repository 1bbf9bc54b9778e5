import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { ApiError } from '../../contract/errors.ts';
import type { AttemptFilters } from '../../contract/program.ts';
import type { AttemptScore } from '../../sim/scoring/score.ts';
import { SIM_STEP_HZ } from '../../sim/version.ts';
import { attemptFilterSql } from './attempts.ts';
import { openStore, type Store } from './store/store.ts';

/**
 * The programme's records leaving and re-entering the workstation: every attempt as a CSV table
 * for a spreadsheet or a statistics package, and the whole database as one file (backup) that
 * can replace the current one (restore) after it has been checked.
 */

// ---------------------------------------------------------------------------------------------
// Results as CSV

/**
 * The metric columns, in this order, after the fixed ones. `satisfies` makes the compiler insist
 * on one column per metric the score records, so a new metric cannot silently go missing.
 */
const metricColumns = {
  totalTimeS: 'total_time_s',
  fluoroscopyTimeS: 'fluoroscopy_time_s',
  acquisitionRuns: 'acquisition_runs',
  acquisitionFrames: 'acquisition_frames',
  contrastMl: 'contrast_ml',
  referenceAirKermaMGy: 'reference_air_kerma_mgy',
  kermaAreaProductGyCm2: 'kerma_area_product_gy_cm2',
  wallForceEvents: 'wall_force_events',
  maxWallForceN: 'max_wall_force_n',
  tipPathMm: 'tip_path_mm',
  tipSpeedMmPerS: 'tip_speed_mm_per_s',
  tipJerkRms: 'tip_jerk_rms',
  seeThroughS: 'see_through_s',
  thrombectomyPasses: 'thrombectomy_passes',
  firstPassEffect: 'first_pass_effect',
  newTerritoryEmboli: 'new_territory_emboli',
  particlesMl: 'particles_ml',
  particlesRefluxedMl: 'particles_refluxed_ml',
  coilsDeployed: 'coils_deployed',
} as const satisfies Record<keyof AttemptScore['metrics'], string>;

const metricKeys = Object.keys(metricColumns) as (keyof typeof metricColumns)[];

/** The header row: one column per field, snake_case, fixed order (scripts read columns by name). */
export const attemptCsvColumns: readonly string[] = [
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
  /** Error occurrences: an error made three times counts three. */
  'error_count',
  ...metricKeys.map((key) => metricColumns[key]),
];

type Cell = string | number | boolean | null | undefined;

/**
 * The stored score, read leniently: a row written by an earlier version may lack a field added
 * since, which gives an empty cell rather than a failed export.
 */
interface StoredScore {
  groups?: Partial<AttemptScore['groups']>;
  objectives?: Pick<AttemptScore['objectives'][number], 'met'>[];
  errors?: Pick<AttemptScore['errors'][number], 'times'>[];
  metrics?: Partial<AttemptScore['metrics']>;
}

interface CsvAttemptRow {
  id: string;
  profile_id: string;
  display_name: string | null;
  training_year: number | null;
  scenario_id: string;
  scenario_version: number;
  scenario_title: string;
  assignment_id: string | null;
  started_at: string;
  finished_at: string;
  total_steps: number;
  core_version: string;
  verification: string;
  score_total: number;
  pass_mark_used: number | null;
  passed: number;
  score_json: string;
}

/**
 * Every attempt matching `filters`, newest first (the order and the filters of the attempt list),
 * one CSV row each with every metric. RFC 4180: CRLF line ends, a field with a comma, quote, CR or
 * LF in quotes with its quotes doubled.
 */
export function exportAttemptsCsv(store: Store, filters: AttemptFilters): { csv: string; rows: number } {
  const { where, params } = attemptFilterSql(filters);
  // The filter names attempts' columns bare, so it is applied before the join with profiles.
  const rows = store.db
    .prepare(
      `SELECT a.id, a.profile_id, p.display_name, p.training_year, a.scenario_id, a.scenario_version,
              a.scenario_title, a.assignment_id, a.started_at, a.finished_at, a.total_steps, a.core_version,
              a.verification, a.score_total, a.passed, a.score_json,
              coalesce(a.pass_mark, json_extract(a.score_json, '$.passMark')) AS pass_mark_used
       FROM (SELECT * FROM attempts ${where}) AS a LEFT JOIN profiles AS p ON p.id = a.profile_id
       ORDER BY a.finished_at DESC, a.id`,
    )
    .all(...params) as unknown as CsvAttemptRow[];
  const lines = [attemptCsvColumns, ...rows.map(attemptCells)].map((cells) => cells.map(csvField).join(','));
  return { csv: lines.map((line) => `${line}\r\n`).join(''), rows: rows.length };
}

function attemptCells(row: CsvAttemptRow): Cell[] {
  const score = JSON.parse(row.score_json) as StoredScore;
  return [
    row.id,
    row.profile_id,
    row.display_name,
    row.training_year,
    row.scenario_id,
    row.scenario_version,
    row.scenario_title,
    row.assignment_id,
    row.started_at,
    row.finished_at,
    row.total_steps / SIM_STEP_HZ,
    row.core_version,
    row.verification,
    row.score_total,
    row.pass_mark_used,
    row.passed === 1,
    score.groups?.procedure?.earned,
    score.groups?.errors?.earned,
    score.groups?.process?.earned,
    score.groups?.outcome?.earned,
    score.objectives?.filter((objective) => objective.met).length,
    score.objectives?.length,
    score.errors?.reduce((sum, error) => sum + error.times.length, 0),
    ...metricKeys.map((key) => score.metrics?.[key]),
  ];
}

/** Characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection"). */
const formulaStart = /^[=+\-@\t\r]/;

/**
 * One field. Text that a spreadsheet would run as a formula (a trainee named "=HYPERLINK(…)") is
 * prefixed with an apostrophe, so it shows as typed; numbers are written exactly as JavaScript
 * prints them (shortest round-trip form, no locale), never altered.
 */
function csvField(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return String(value);
  const text = formulaStart.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

// ---------------------------------------------------------------------------------------------
// Backup and restore

/**
 * The whole database as one self-contained SQLite file. `VACUUM INTO` writes a consistent
 * snapshot (one read transaction) with the WAL folded in, so the copy is right even while the app
 * keeps writing.
 */
export function backupDatabase(store: Store): Buffer {
  const folder = mkdtempSync(join(tmpdir(), 'ir-trainer-backup-'));
  try {
    const copy = join(folder, basename(store.filePath));
    store.db.prepare('VACUUM INTO ?').run(copy);
    return readFileSync(copy);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

export interface RestoreReport {
  /** Schema of the restored database (an older backup is migrated forward on opening). */
  schemaVersion: number;
  profiles: number;
  attempts: number;
  /** Base name of the file the replaced database was kept as, beside the new one. */
  previousCopy: string;
}

/**
 * The restore failed after the current database had been closed; every file was put back and
 * `store` is the current database, opened again, for the caller to keep using.
 */
export class RestoreRolledBackError extends ApiError {
  override name = 'RestoreRolledBackError';
  readonly store: Store;
  constructor(message: string, store: Store) {
    super('storage', message);
    this.store = store;
  }
}

/** The first 16 bytes of every SQLite 3 database file. */
const sqliteMagic = Buffer.from('SQLite format 3\0', 'latin1');
/** Size of the SQLite file header: anything shorter cannot be a database. */
const sqliteHeaderBytes = 100;

/**
 * Replaces the database with `backup`. The backup is checked first, as a separate file beside the
 * database, by opening it as the app would (ours, undamaged, not from a newer version): if it
 * fails, the error says why and nothing about the current database has changed. Then the current
 * file is closed and kept as `<file>.before-restore-<time>`, and the checked file renamed into
 * its place (atomic within one folder), and opened.
 */
export function restoreDatabase(store: Store, backup: Buffer, now: Date): { store: Store; report: RestoreReport } {
  assertLooksLikeDatabase(backup);
  const databasePath = store.filePath;
  const candidatePath = join(dirname(databasePath), `.${basename(databasePath)}.restoring-${process.pid}`);
  let counts: Omit<RestoreReport, 'previousCopy'>;
  try {
    // Flushed, so the file renamed into place below is on disk even if the power fails.
    writeFileSync(candidatePath, backup, { flush: true });
    counts = checkCandidate(candidatePath);
  } catch (error) {
    removeDatabaseFiles(candidatePath);
    if (error instanceof ApiError) {
      throw new ApiError(
        error.code,
        `backup: ${error.message} Nothing was restored; the current database is unchanged.`,
      );
    }
    throw error;
  }

  const previousPath = freePath(`${databasePath}.before-restore-${fileNameTime(now)}`);
  try {
    foldWalIntoDatabase(store);
  } catch (error) {
    removeDatabaseFiles(candidatePath);
    throw error;
  }
  store.close();
  let keptPrevious = false;
  try {
    renameSync(databasePath, previousPath);
    keptPrevious = true;
    removeSidecars(databasePath);
    renameSync(candidatePath, databasePath);
    return { store: openStore(databasePath), report: { ...counts, previousCopy: basename(previousPath) } };
  } catch (error) {
    removeDatabaseFiles(candidatePath);
    if (keptPrevious) {
      removeDatabaseFiles(databasePath);
      renameSync(previousPath, databasePath);
    }
    const reason = error instanceof Error ? error.message : String(error);
    throw new RestoreRolledBackError(
      `backup: the restore failed while replacing ${databasePath} (${reason}); the previous database was put back.`,
      openStore(databasePath),
    );
  }
}

function assertLooksLikeDatabase(backup: Buffer): void {
  if (backup.length === 0) throw new ApiError('invalid-input', 'backup: the file is empty; choose a backup file.');
  if (backup.length < sqliteHeaderBytes || !backup.subarray(0, sqliteMagic.length).equals(sqliteMagic)) {
    throw new ApiError(
      'invalid-input',
      `backup: the file is not a database (${backup.length} bytes, no SQLite header); choose a file made by Backup.`,
    );
  }
}

/** Opens the candidate as the app would (which validates and migrates it), counts, closes. */
function checkCandidate(candidatePath: string): Omit<RestoreReport, 'previousCopy'> {
  const candidate = openStore(candidatePath);
  try {
    const count = (table: 'profiles' | 'attempts'): number =>
      (candidate.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    return { schemaVersion: candidate.schemaVersion, profiles: count('profiles'), attempts: count('attempts') };
  } finally {
    candidate.close();
    removeSidecars(candidatePath);
  }
}

/**
 * Copies everything in the WAL into the database file before it is moved, and refuses while
 * another connection (a second app or command line on the same folder) still reads from the WAL:
 * moving the file then would lose that connection's view, or the last transactions.
 */
function foldWalIntoDatabase(store: Store): void {
  const result = store.db.prepare('PRAGMA wal_checkpoint(TRUNCATE)').get() as { busy: number } | undefined;
  if (result && result.busy !== 0) {
    throw new ApiError(
      'conflict',
      `backup: ${store.filePath} is in use by another IR Trainer window or command; close it and restore again.`,
    );
  }
}

function removeSidecars(databasePath: string): void {
  for (const suffix of ['-wal', '-shm', '-journal']) rmSync(`${databasePath}${suffix}`, { force: true });
}

function removeDatabaseFiles(databasePath: string): void {
  rmSync(databasePath, { force: true });
  removeSidecars(databasePath);
}

/** `2026-11-23T10-00-00-000Z`: the ISO time with the characters Windows forbids in names replaced. */
function fileNameTime(now: Date): string {
  return now.toISOString().replaceAll(':', '-').replaceAll('.', '-');
}

/** `path`, or `path-2`, `path-3`… when an earlier restore in the same millisecond took it. */
function freePath(path: string): string {
  let candidate = path;
  for (let n = 2; existsSync(candidate); n++) candidate = `${path}-${n}`;
  return candidate;
}
