import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createProfile, listProfiles, updateProfile } from '../../../../src/main/services/profiles.ts';
import { restoredSession, signIn, signOut } from '../../../../src/main/services/session.ts';
import { defaultSettings, getSettings, setSettings } from '../../../../src/main/services/settings.ts';
import { DATABASE_FILE_NAME, openStore } from '../../../../src/main/services/store/store.ts';
import { useTempDirs } from '../../../helpers/temp-dir.ts';

const tempDir = useTempDirs();
const now = () => new Date('2026-11-23T10:00:00Z');

function freshStore() {
  return openStore(join(tempDir(), DATABASE_FILE_NAME));
}

describe('profiles', () => {
  it('creates, lists in name order, renames and sets the training year', () => {
    const store = freshStore();
    const zoe = createProfile(store, { displayName: 'Zoe Park', role: 'trainee', trainingYear: 3 }, now);
    createProfile(store, { displayName: 'Amir Haddad', role: 'director', passphrase: 'correct horse' }, now);
    expect(listProfiles(store).map((profile) => [profile.displayName, profile.role, profile.trainingYear])).toEqual([
      ['Amir Haddad', 'director', null],
      ['Zoe Park', 'trainee', 3],
    ]);
    expect(zoe.createdAt).toBe('2026-11-23T10:00:00.000Z');
    const renamed = updateProfile(store, { profileId: zoe.id, displayName: 'Zoë Park', trainingYear: 4 });
    expect(renamed).toEqual({ ...zoe, displayName: 'Zoë Park', trainingYear: 4 });
    expect(listProfiles(store).find((profile) => profile.id === zoe.id)?.displayName).toBe('Zoë Park');
    store.close();
  });

  it('refuses a second profile whose name differs only in case', () => {
    const store = freshStore();
    createProfile(store, { displayName: 'Lee Chen', role: 'trainee' }, now);
    expect(() => createProfile(store, { displayName: 'LEE CHEN', role: 'trainee' }, now)).toThrow(
      /displayName: a profile named "Lee Chen" already exists/,
    );
    expect(listProfiles(store)).toHaveLength(1);
    store.close();
  });

  it('lets a profile be renamed to a different case of its own name, but not onto another', () => {
    const store = freshStore();
    const lee = createProfile(store, { displayName: 'lee chen', role: 'trainee' }, now);
    createProfile(store, { displayName: 'Sam Ortiz', role: 'trainee' }, now);
    expect(updateProfile(store, { profileId: lee.id, displayName: 'Lee Chen' }).displayName).toBe('Lee Chen');
    expect(() => updateProfile(store, { profileId: lee.id, displayName: 'sam ortiz' })).toThrow(/already exists/);
    expect(() => updateProfile(store, { profileId: '6f1c2d1e-0000-4000-8000-000000000000', displayName: 'X' })).toThrow(
      /no profile with id 6f1c2d1e/,
    );
    store.close();
  });

  it('needs a passphrase for a director, and after the first director only a director may add another', () => {
    const store = freshStore();
    expect(() => createProfile(store, { displayName: 'Dr A', role: 'director' }, now)).toThrow(
      /passphrase: a director profile needs a passphrase/,
    );
    createProfile(store, { displayName: 'Dr A', role: 'director', passphrase: 'first director' }, now);
    expect(() =>
      createProfile(store, { displayName: 'Dr B', role: 'director', passphrase: 'second director' }, now),
    ).toThrow(/only a signed-in program director may add another director/);
    expect(
      createProfile(store, { displayName: 'Dr B', role: 'director', passphrase: 'second director' }, now, true).role,
    ).toBe('director');
    store.close();
  });

  it('stores a director passphrase only as a salted scrypt hash, never in clear', () => {
    const dir = tempDir();
    const store = openStore(join(dir, DATABASE_FILE_NAME));
    const passphrase = 'violet-anchor-kettle';
    createProfile(store, { displayName: 'Dr A', role: 'director', passphrase }, now);
    createProfile(store, { displayName: 'Dr B', role: 'director', passphrase }, now, true);
    const hashes = store.db.prepare('SELECT passphrase_hash FROM profiles ORDER BY display_name').all() as {
      passphrase_hash: string;
    }[];
    for (const { passphrase_hash: hash } of hashes) {
      expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
      expect(hash).not.toContain(passphrase);
    }
    // Same passphrase, different salts: the hashes differ.
    expect(hashes[0]!.passphrase_hash).not.toBe(hashes[1]!.passphrase_hash);
    store.close();
    // Nowhere in the database file (or its journal) is the passphrase in clear.
    for (const file of [DATABASE_FILE_NAME, `${DATABASE_FILE_NAME}-wal`]) {
      try {
        expect(readFileSync(join(dir, file)).includes(Buffer.from(passphrase))).toBe(false);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
  });
});

describe('signing in', () => {
  it('signs a director in only with the right passphrase and locks the profile after five wrong ones', () => {
    const store = freshStore();
    const director = createProfile(store, { displayName: 'Dr A', role: 'director', passphrase: 'right answer' }, now);
    const session = restoredSession(store, false);
    let clock = new Date('2026-11-23T10:00:00Z');
    expect(() => signIn(store, session, { profileId: director.id }, clock)).toThrow(/needs the director's passphrase/);
    for (let i = 0; i < 3; i++) {
      expect(() => signIn(store, session, { profileId: director.id, passphrase: 'wrong' }, clock)).toThrow(
        /wrong passphrase for Dr A/,
      );
    }
    expect(() => signIn(store, session, { profileId: director.id, passphrase: 'wrong' }, clock)).toThrow(
      /locked for 30 s/,
    );
    expect(session.profileId).toBeNull();
    // Locked: even the right passphrase waits.
    expect(() => signIn(store, session, { profileId: director.id, passphrase: 'right answer' }, clock)).toThrow(
      /try again in 30 s/,
    );
    // The count survives a restart (it is in the database, not in memory).
    clock = new Date(clock.getTime() + 31_000);
    expect(() => signIn(store, session, { profileId: director.id, passphrase: 'still wrong' }, clock)).toThrow(
      /locked for 60 s/,
    );
    clock = new Date(clock.getTime() + 61_000);
    signIn(store, session, { profileId: director.id, passphrase: 'right answer' }, clock);
    expect(session.profileId).toBe(director.id);
    // A success resets the count: one wrong try is not a lock.
    expect(() => signIn(store, session, { profileId: director.id, passphrase: 'wrong' }, clock)).toThrow(
      /4 more tries before a lock/,
    );
    store.close();
  });

  it('opens signed in as the last trainee, but never as a director without the passphrase', () => {
    const dir = tempDir();
    let store = openStore(join(dir, DATABASE_FILE_NAME));
    const trainee = createProfile(store, { displayName: 'Ana', role: 'trainee' }, now);
    const director = createProfile(store, { displayName: 'Dr A', role: 'director', passphrase: 'right answer' }, now);
    const session = restoredSession(store, false);
    signIn(store, session, { profileId: trainee.id }, now());
    store.close();
    store = openStore(join(dir, DATABASE_FILE_NAME));
    expect(restoredSession(store, false).profileId).toBe(trainee.id);
    const again = restoredSession(store, false);
    signIn(store, again, { profileId: director.id, passphrase: 'right answer' }, now());
    store.close();
    store = openStore(join(dir, DATABASE_FILE_NAME));
    expect(restoredSession(store, false).profileId).toBeNull();
    signOut(store, again);
    store.close();
  });
});

describe('settings', () => {
  it('starts from the defaults and keeps what is set across reopening', () => {
    const dir = tempDir();
    const store = openStore(join(dir, DATABASE_FILE_NAME));
    const session = restoredSession(store, false);
    expect(getSettings(store, session)).toEqual(defaultSettings);
    const profile = createProfile(store, { displayName: 'Ana', role: 'trainee' }, now);
    signIn(store, session, { profileId: profile.id }, now());
    setSettings(store, session, { showFrameRate: true });
    store.close();
    const reopened = openStore(join(dir, DATABASE_FILE_NAME));
    expect(getSettings(reopened, restoredSession(reopened, false))).toEqual({
      ...defaultSettings,
      activeProfileId: profile.id,
      showFrameRate: true,
    });
    reopened.close();
  });

  it("refuses a trainee's change to a director's setting and changes nothing", () => {
    const store = freshStore();
    const session = restoredSession(store, false);
    const trainee = createProfile(store, { displayName: 'Ana', role: 'trainee' }, now);
    signIn(store, session, { profileId: trainee.id }, now());
    expect(() => setSettings(store, session, { traineesMayComment: false, showFrameRate: true })).toThrow(
      /traineesMayComment: only a program director/,
    );
    expect(getSettings(store, session)).toEqual({ ...defaultSettings, activeProfileId: trainee.id });
    store.close();
  });

  it('falls back to the default for a stored value that no longer validates', () => {
    const store = freshStore();
    const session = restoredSession(store, false);
    store.db.prepare('INSERT INTO settings (key, value_json) VALUES (?, ?)').run('showFrameRate', '"yes"');
    setSettings(store, session, { invertHubRotation: true });
    expect(getSettings(store, session)).toEqual({ ...defaultSettings, invertHubRotation: true });
    store.close();
  });
});
