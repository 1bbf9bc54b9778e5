import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { callNames, contract } from '../../../../src/contract/calls.ts';
import { dispatch, openServices } from '../../../../src/main/services/api.ts';
import { useTempDirs } from '../../../helpers/temp-dir.ts';

const tempDir = useTempDirs();

function services() {
  return openServices({
    dataDir: tempDir(),
    assetsDir: join(import.meta.dirname, '../../../fixtures'),
    runtime: 'cli',
    appVersion: '9.9.9',
    now: () => new Date('2026-11-23T10:00:00Z'),
  });
}

describe('dispatch', () => {
  it('has a handler for every call in the contract', () => {
    const { handlers, close } = services();
    expect(Object.keys(handlers).sort()).toEqual([...callNames].sort());
    expect(Object.keys(contract).sort()).toEqual([...callNames].sort());
    close();
  });

  it('runs a call and returns output that satisfies the contract', async () => {
    const { handlers, close } = services();
    const created = await dispatch(handlers, 'profileCreate', {
      displayName: '  Dr Mensah ',
      role: 'director',
      passphrase: 'a long passphrase',
    });
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    expect(contract.profileCreate.output.parse(created.value)).toMatchObject({ displayName: 'Dr Mensah' });
    const info = await dispatch(handlers, 'appInfo', {});
    expect(info).toMatchObject({ ok: true, value: { appVersion: '9.9.9', runtime: 'cli', databaseSchemaVersion: 5 } });
    const library = await dispatch(handlers, 'scenarioList', {});
    expect(library.ok && (library.value as { scenarios: { id: string }[] }).scenarios.map((s) => s.id)).toEqual([
      'carotid-drill',
    ]);
    close();
  });

  it('rejects bad input with invalid-input, naming the call, field and value', async () => {
    const { handlers, close } = services();
    expect(await dispatch(handlers, 'profileCreate', { displayName: 'A', role: 'surgeon' })).toEqual({
      ok: false,
      error: { code: 'invalid-input', message: expect.stringMatching(/^profileCreate: role: .*found "surgeon"/) },
    });
    expect(await dispatch(handlers, 'settingsSet', { colour: 'red' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    });
    expect(await dispatch(handlers, 'profileUpdate', { profileId: 'not-a-uuid', displayName: 'B' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', message: expect.stringContaining('profileId') },
    });
    close();
  });

  it('maps service errors to their codes and refuses unknown calls', async () => {
    const { handlers, close } = services();
    await dispatch(handlers, 'profileCreate', { displayName: 'Kim', role: 'trainee' });
    expect(await dispatch(handlers, 'profileCreate', { displayName: 'kim', role: 'trainee' })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    expect(await dispatch(handlers, 'dropDatabase', {})).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await dispatch(handlers, 'toString', {})).toMatchObject({ ok: false, error: { code: 'not-found' } });
    close();
  });
});
