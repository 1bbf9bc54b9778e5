import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATABASE_FILE_NAME, openStore } from '../../../src/main/services/store/store.ts';
import type { AttemptScore } from '../../../src/sim/scoring/score.ts';
import { runCli } from '../../helpers/run-cli.ts';
import { useTempDirs } from '../../helpers/temp-dir.ts';

const tempDir = useTempDirs();

const score: AttemptScore = {
  total: 78.5,
  passMark: 70,
  passed: true,
  groups: {
    procedure: { weight: 40, earned: 35 },
    errors: { weight: 20, earned: 17.5 },
    process: { weight: 20, earned: 16 },
    outcome: { weight: 20, earned: 10 },
  },
  objectives: [{ id: 'reach-ica', text: 'Reach the ICA', kind: 'reach', met: true, atS: 41.2, judged: true }],
  phases: [],
  errors: [{ id: 'excess-wall-force', text: 'Wall force over the limit', severity: 'minor', times: [12.5] }],
  process: [],
  metrics: {
    totalTimeS: 250,
    fluoroscopyTimeS: 120.5,
    acquisitionRuns: 2,
    acquisitionFrames: 40,
    contrastMl: 12,
    referenceAirKermaMGy: 80.25,
    kermaAreaProductGyCm2: 9.5,
    wallForceEvents: 1,
    maxWallForceN: 0.3,
    tipPathMm: 1200,
    tipSpeedMmPerS: 8,
    tipJerkRms: 0.7,
    seeThroughS: 0,
    thrombectomyPasses: 0,
    firstPassEffect: 0,
    newTerritoryEmboli: 0,
    particlesMl: 1.5,
    particlesRefluxedMl: 0.25,
    coilsDeployed: 3,
  },
};

/** A data folder whose database holds two trainees with one attempt each. */
function dataDirWithAttempts(): { dataDir: string; profileIds: string[] } {
  const dataDir = tempDir();
  const store = openStore(join(dataDir, DATABASE_FILE_NAME));
  const profileIds = ['Smith, "Jo"', 'Amaka Okafor'].map((name, i) => {
    const profileId = randomUUID();
    store.db
      .prepare(
        `INSERT INTO profiles (id, display_name, display_name_key, role, training_year, created_at)
         VALUES (?, ?, ?, 'trainee', 1, '2026-09-01T08:00:00.000Z')`,
      )
      .run(profileId, name, name.toLowerCase());
    store.db
      .prepare(
        `INSERT INTO attempts (id, profile_id, scenario_id, scenario_version, scenario_title, core_version,
           started_at, finished_at, total_steps, score_total, passed, verification, score_json, events_json,
           commands_json)
         VALUES (?, ?, 'carotid-drill', 1, 'Carotid drill', '0.1.0', '2026-11-20T09:00:00.000Z', ?, 30000, ?, 1,
           'verified', ?, '[]', '[]')`,
      )
      .run(randomUUID(), profileId, `2026-11-2${i}T10:00:00.000Z`, score.total, JSON.stringify(score));
    return profileId;
  });
  store.close();
  return { dataDir, profileIds };
}

function expectOneLineFailure(result: ReturnType<typeof runCli>, status: number, message: RegExp): void {
  expect(result.status).toBe(status);
  expect(result.stdout).toBe('');
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(message);
}

describe('records command', () => {
  it('exports the results as a CSV file and prints where and how many rows', () => {
    const { dataDir, profileIds } = dataDirWithAttempts();
    const out = join(tempDir(), 'results.csv');
    const result = runCli(['records', 'export-csv', '--data-dir', dataDir, '--out', out]);
    expect(result.status).toBe(0);
    expect(result.json()).toEqual({ out, rows: 2 });
    const lines = readFileSync(out, 'utf8').split('\r\n');
    expect(lines[0]).toMatch(/^attempt_id,trainee_id,trainee_name,training_year,/);
    expect(lines[0]).toMatch(
      /,see_through_s,thrombectomy_passes,first_pass_effect,new_territory_emboli,particles_ml,particles_refluxed_ml,coils_deployed$/,
    );
    expect(lines).toHaveLength(4); // header, two rows, and the empty string after the last CRLF
    expect(lines[2]).toContain(`,${profileIds[0]},"Smith, ""Jo""",1,carotid-drill,1,Carotid drill,,`);

    const one = runCli(['records', 'export-csv', '--data-dir', dataDir, '--out', out, '--profile', profileIds[1]!]);
    expect(one.json()).toEqual({ out, rows: 1 });
    expect(readFileSync(out, 'utf8')).toContain(`,${profileIds[1]},Amaka Okafor,`);
  });

  it('backs the database up to a file and restores it into another data folder', () => {
    const { dataDir } = dataDirWithAttempts();
    const backupFile = join(tempDir(), 'backup.sqlite');
    const backup = runCli(['records', 'backup', '--data-dir', dataDir, '--out', backupFile]);
    expect(backup.status).toBe(0);
    expect(backup.json()).toEqual({ out: backupFile, bytes: readFileSync(backupFile).length });

    const otherDir = tempDir();
    const restore = runCli(['records', 'restore', '--data-dir', otherDir, '--from', backupFile]);
    expect(restore.status).toBe(0);
    expect(restore.json()).toMatchObject({
      profiles: 2,
      attempts: 2,
      previousCopy: expect.stringMatching(/before-restore/),
    });

    const exported = (dir: string) => {
      const out = join(tempDir(), 'results.csv');
      expect(runCli(['records', 'export-csv', '--data-dir', dir, '--out', out]).status).toBe(0);
      return readFileSync(out, 'utf8');
    };
    expect(exported(otherDir)).toBe(exported(dataDir));
  });

  it('refuses to restore a file that is not a backup, in one line, leaving the records there', () => {
    const { dataDir } = dataDirWithAttempts();
    const notABackup = join(tempDir(), 'notes.txt');
    writeFileSync(notABackup, 'not a database\n'.repeat(20));
    expectOneLineFailure(
      runCli(['records', 'restore', '--data-dir', dataDir, '--from', notABackup]),
      1,
      /^ir-trainer: backup: the file is not a database/,
    );
    const out = join(tempDir(), 'results.csv');
    expect(runCli(['records', 'export-csv', '--data-dir', dataDir, '--out', out]).json()).toEqual({ out, rows: 2 });
  });

  it('requires --data-dir, and never creates an empty database for a mistyped folder', () => {
    const out = join(tempDir(), 'results.csv');
    expectOneLineFailure(
      runCli(['records', 'export-csv', '--out', out]),
      2,
      /^ir-trainer: records: --data-dir is required/,
    );
    const typo = join(tempDir(), 'typo');
    expectOneLineFailure(
      runCli(['records', 'backup', '--data-dir', typo, '--out', out]),
      1,
      /^ir-trainer: records: there is no IR Trainer database at .*typo/,
    );
    expect(existsSync(typo)).toBe(false);
    expectOneLineFailure(runCli(['records', 'shred', '--data-dir', tempDir()]), 2, /unknown subcommand "shred"/);
  });
});
