import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createProfile, listProfiles, renameProfile } from '../../../../src/main/services/profiles.ts';
import { defaultSettings, getSettings, setSettings } from '../../../../src/main/services/settings.ts';
import { DATABASE_FILE_NAME, openStore } from '../../../../src/main/services/store/store.ts';
import { useTempDirs } from '../../../helpers/temp-dir.ts';

const tempDir = useTempDirs();
const now = () => new Date('2026-11-23T10:00:00Z');

function freshStore() {
  return openStore(join(tempDir(), DATABASE_FILE_NAME));
}

describe('profiles', () => {
  it('creates, lists in name order and renames', () => {
    const store = freshStore();
    const zoe = createProfile(store, { displayName: 'Zoe Park', role: 'trainee' }, now);
    createProfile(store, { displayName: 'Amir Haddad', role: 'director' }, now);
    expect(listProfiles(store).map((profile) => [profile.displayName, profile.role])).toEqual([
      ['Amir Haddad', 'director'],
      ['Zoe Park', 'trainee'],
    ]);
    expect(zoe.createdAt).toBe('2026-11-23T10:00:00.000Z');
    const renamed = renameProfile(store, { profileId: zoe.id, displayName: 'Zoë Park' });
    expect(renamed).toEqual({ ...zoe, displayName: 'Zoë Park' });
    expect(listProfiles(store).find((profile) => profile.id === zoe.id)?.displayName).toBe('Zoë Park');
    store.close();
  });

  it('refuses a second profile whose name differs only in case', () => {
    const store = freshStore();
    createProfile(store, { displayName: 'Lee Chen', role: 'trainee' }, now);
    expect(() => createProfile(store, { displayName: 'LEE CHEN', role: 'director' }, now)).toThrow(
      /displayName: a profile named "Lee Chen" already exists/,
    );
    expect(listProfiles(store)).toHaveLength(1);
    store.close();
  });

  it('lets a profile be renamed to a different case of its own name, but not onto another', () => {
    const store = freshStore();
    const lee = createProfile(store, { displayName: 'lee chen', role: 'trainee' }, now);
    createProfile(store, { displayName: 'Sam Ortiz', role: 'trainee' }, now);
    expect(renameProfile(store, { profileId: lee.id, displayName: 'Lee Chen' }).displayName).toBe('Lee Chen');
    expect(() => renameProfile(store, { profileId: lee.id, displayName: 'sam ortiz' })).toThrow(/already exists/);
    expect(() => renameProfile(store, { profileId: '6f1c2d1e-0000-4000-8000-000000000000', displayName: 'X' })).toThrow(
      /No profile with id 6f1c2d1e/,
    );
    store.close();
  });
});

describe('settings', () => {
  it('starts from the defaults and keeps what is set across reopening', () => {
    const dir = tempDir();
    const store = openStore(join(dir, DATABASE_FILE_NAME));
    expect(getSettings(store)).toEqual(defaultSettings);
    const profile = createProfile(store, { displayName: 'Ana', role: 'trainee' }, now);
    setSettings(store, { activeProfileId: profile.id, showFrameRate: true });
    store.close();
    const reopened = openStore(join(dir, DATABASE_FILE_NAME));
    expect(getSettings(reopened)).toEqual({ ...defaultSettings, activeProfileId: profile.id, showFrameRate: true });
    reopened.close();
  });

  it('refuses an active profile that does not exist and changes nothing', () => {
    const store = freshStore();
    expect(() =>
      setSettings(store, { activeProfileId: '6f1c2d1e-0000-4000-8000-000000000000', showFrameRate: true }),
    ).toThrow(/activeProfileId: no profile with id/);
    expect(getSettings(store)).toEqual(defaultSettings);
    store.close();
  });

  it('falls back to the default for a stored value that no longer validates', () => {
    const store = freshStore();
    store.db.prepare('INSERT INTO settings (key, value_json) VALUES (?, ?)').run('showFrameRate', '"yes"');
    setSettings(store, { invertHubRotation: true });
    expect(getSettings(store)).toEqual({ ...defaultSettings, invertHubRotation: true });
    store.close();
  });
});
