import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/run-cli.ts';
import { useTempDirs } from '../../helpers/temp-dir.ts';

const tempDir = useTempDirs();

describe('command line', () => {
  it('lists its commands with --help', () => {
    const result = runCli(['--help']);
    expect(result.status).toBe(0);
    for (const command of ['info', 'scenario', 'profile', 'call'])
      expect(result.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
  });

  it('prints app info as JSON', () => {
    const result = runCli(['info', '--data-dir', tempDir()]);
    expect(result.status).toBe(0);
    expect(result.json()).toMatchObject({ name: 'IR Trainer', runtime: 'cli', stepHz: 120, databaseSchemaVersion: 5 });
  });

  it('creates, renames and lists profiles in a data folder', () => {
    const dataDir = tempDir();
    const created = runCli([
      'profile',
      'create',
      '--name',
      'Dr Ito',
      '--role',
      'director',
      '--passphrase',
      'ito passphrase',
      '--data-dir',
      dataDir,
    ]);
    expect(created.status).toBe(0);
    const { id } = created.json() as { id: string };
    expect(runCli(['profile', 'rename', '--id', id, '--name', 'Dr Ito Haruki', '--data-dir', dataDir]).status).toBe(0);
    const listed = runCli(['call', 'profileList', '--data-dir', dataDir]).json();
    expect(listed).toEqual({
      profiles: [expect.objectContaining({ id, displayName: 'Dr Ito Haruki', role: 'director' })],
    });
  });

  it('fails with one line on stderr and a non-zero exit, naming what is wrong', () => {
    const dataDir = tempDir();
    const badRole = runCli(['profile', 'create', '--name', 'X', '--role', 'nurse', '--data-dir', dataDir]);
    expect(badRole.status).toBe(1);
    expect(badRole.stdout).toBe('');
    expect(badRole.stderr.trim().split('\n')).toHaveLength(1);
    expect(badRole.stderr).toMatch(/^ir-trainer: profileCreate: role: .*"nurse"/);

    const unknown = runCli(['fly']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/^ir-trainer: unknown command "fly"/);

    const badFlag = runCli(['info', '--colour']);
    expect(badFlag.status).toBe(2);
    expect(badFlag.stderr.trim().split('\n')).toHaveLength(1);

    const badJson = runCli(['call', 'settingsSet', '{nope', '--data-dir', dataDir]);
    expect(badJson.status).toBe(2);
    expect(badJson.stderr).toMatch(/input is not JSON/);
  });

  it('lists the shipped case library', () => {
    const result = runCli(['scenario', 'list', '--data-dir', tempDir()]);
    expect(result.status).toBe(0);
    const library = result.json() as { scenarios: { id: string }[]; problems: unknown[] };
    expect(library.problems).toEqual([]);
    expect(library.scenarios.map((scenario) => scenario.id)).toContain('stroke-left-m1-aspiration');
    expect(library.scenarios.length).toBeGreaterThanOrEqual(13);
  });

  it('validates one scenario file, and names the field that is wrong in a broken one', () => {
    const fixtures = join(import.meta.dirname, '../../fixtures/scenarios');
    const good = runCli(['scenario', 'validate', join(fixtures, 'carotid-drill.json')]);
    expect(good.status).toBe(0);
    expect(good.json()).toMatchObject({ valid: true, id: 'carotid-drill', procedure: 'navigation', passMark: 60 });
    const bad = runCli(['scenario', 'validate', join(fixtures, 'bad-procedure.json')]);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/^ir-trainer: bad-procedure\.json: .*procedure: .*found "biopsy"/);
    const missing = runCli(['scenario', 'validate', join(fixtures, 'no-such-case.json')]);
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toMatch(/no-such-case\.json: no such file/);
  });
});
