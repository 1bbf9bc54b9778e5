import { randomUUID } from 'node:crypto';
import { ApiError } from '../../contract/errors.ts';
import type { Profile, ProfileRole } from '../../contract/calls.ts';
import { hashPassphrase, verifyPassphrase } from './passphrase.ts';
import type { Store } from './store/store.ts';

/**
 * People who use this workstation: trainees and program directors. A director's profile carries
 * a passphrase (a salted scrypt hash, `passphrase.ts`); signing in as a director needs it, and
 * wrong guesses lock the profile for a growing while (`signInFailure`).
 */

interface ProfileRow {
  id: string;
  display_name: string;
  role: ProfileRole;
  training_year: number | null;
  created_at: string;
}

const profileColumns = 'id, display_name, role, training_year, created_at';

function toProfile(row: ProfileRow): Profile {
  return {
    id: row.id,
    displayName: row.display_name,
    role: row.role,
    trainingYear: row.training_year,
    createdAt: row.created_at,
  };
}

export function listProfiles(store: Store): Profile[] {
  const rows = store.db
    .prepare(`SELECT ${profileColumns} FROM profiles ORDER BY display_name_key, id`)
    .all() as unknown as ProfileRow[];
  return rows.map(toProfile);
}

export function findProfile(store: Store, profileId: string): Profile | undefined {
  const row = store.db.prepare(`SELECT ${profileColumns} FROM profiles WHERE id = ?`).get(profileId) as
    ProfileRow | undefined;
  return row ? toProfile(row) : undefined;
}

export function requireProfile(store: Store, profileId: string, field = 'profileId'): Profile {
  const profile = findProfile(store, profileId);
  if (!profile) throw new ApiError('not-found', `${field}: no profile with id ${profileId}.`);
  return profile;
}

export function directorCount(store: Store): number {
  return (store.db.prepare("SELECT count(*) AS n FROM profiles WHERE role = 'director'").get() as { n: number }).n;
}

export interface NewProfile {
  displayName: string;
  role: ProfileRole;
  trainingYear?: number | null | undefined;
  passphrase?: string | undefined;
}

/**
 * Adds a profile. Anyone may add a trainee; a director needs a passphrase, and once a director
 * exists only a signed-in director may add another (`callerIsDirector`), so a trainee cannot make
 * themself one.
 */
export function createProfile(store: Store, input: NewProfile, now: () => Date, callerIsDirector = false): Profile {
  if (input.role === 'director') {
    if (!callerIsDirector && directorCount(store) > 0) {
      throw new ApiError('forbidden', 'role: only a signed-in program director may add another director profile.');
    }
    if (input.passphrase === undefined) {
      throw new ApiError('invalid-input', 'passphrase: a director profile needs a passphrase (at least 8 characters).');
    }
  } else if (input.passphrase !== undefined) {
    throw new ApiError('invalid-input', 'passphrase: only director profiles have a passphrase.');
  }
  const profile: Profile = {
    id: randomUUID(),
    displayName: input.displayName,
    role: input.role,
    trainingYear: input.trainingYear ?? null,
    createdAt: now().toISOString(),
  };
  const hash = input.passphrase === undefined ? null : hashPassphrase(input.passphrase);
  store.transaction(() => {
    assertNameFree(store, input.displayName, undefined);
    store.db
      .prepare(
        `INSERT INTO profiles (id, display_name, display_name_key, role, training_year, passphrase_hash, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        profile.id,
        profile.displayName,
        nameKey(profile.displayName),
        profile.role,
        profile.trainingYear,
        hash,
        profile.createdAt,
      );
  });
  return profile;
}

export function updateProfile(
  store: Store,
  input: { profileId: string; displayName?: string | undefined; trainingYear?: number | null | undefined },
): Profile {
  return store.transaction(() => {
    const existing = requireProfile(store, input.profileId);
    const displayName = input.displayName ?? existing.displayName;
    const trainingYear = input.trainingYear === undefined ? existing.trainingYear : input.trainingYear;
    if (displayName === existing.displayName && trainingYear === existing.trainingYear) return existing;
    assertNameFree(store, displayName, input.profileId);
    store.db
      .prepare(
        'UPDATE profiles SET display_name = ?, display_name_key = ?, training_year = ?, revision = revision + 1 WHERE id = ?',
      )
      .run(displayName, nameKey(displayName), trainingYear, input.profileId);
    return { ...existing, displayName, trainingYear };
  });
}

/** Failed passphrases allowed before the profile locks; each further failure doubles the wait. */
export const signInFailuresBeforeLock = 5;
const firstLockSeconds = 30;
const longestLockSeconds = 3600;

/**
 * Checks a director's passphrase, counting failures in the database so a restart does not reset
 * them. Throws `forbidden` with the wait when the profile is locked or the passphrase is wrong.
 */
export function checkPassphrase(store: Store, profileId: string, passphrase: string | undefined, now: Date): void {
  const row = store.db
    .prepare('SELECT display_name, passphrase_hash, failed_sign_ins, locked_until FROM profiles WHERE id = ?')
    .get(profileId) as
    | { display_name: string; passphrase_hash: string | null; failed_sign_ins: number; locked_until: string | null }
    | undefined;
  if (!row) throw new ApiError('not-found', `profileId: no profile with id ${profileId}.`);
  if (row.locked_until !== null && Date.parse(row.locked_until) > now.getTime()) {
    const seconds = Math.ceil((Date.parse(row.locked_until) - now.getTime()) / 1000);
    throw new ApiError(
      'forbidden',
      `passphrase: too many wrong passphrases for ${row.display_name}; try again in ${seconds} s.`,
    );
  }
  if (row.passphrase_hash === null) {
    throw new ApiError(
      'forbidden',
      `passphrase: ${row.display_name} has no passphrase yet; set one on this workstation with "npm run cli -- profile set-passphrase".`,
    );
  }
  if (passphrase !== undefined && verifyPassphrase(passphrase, row.passphrase_hash)) {
    store.db.prepare('UPDATE profiles SET failed_sign_ins = 0, locked_until = NULL WHERE id = ?').run(profileId);
    return;
  }
  const failures = row.failed_sign_ins + 1;
  const lockSeconds =
    failures >= signInFailuresBeforeLock
      ? Math.min(longestLockSeconds, firstLockSeconds * 2 ** (failures - signInFailuresBeforeLock))
      : 0;
  const lockedUntil = lockSeconds > 0 ? new Date(now.getTime() + lockSeconds * 1000).toISOString() : null;
  store.db
    .prepare('UPDATE profiles SET failed_sign_ins = ?, locked_until = ? WHERE id = ?')
    .run(failures, lockedUntil, profileId);
  throw new ApiError(
    'forbidden',
    passphrase === undefined
      ? `passphrase: signing in as ${row.display_name} needs the director's passphrase.`
      : lockSeconds > 0
        ? `passphrase: wrong passphrase for ${row.display_name}; locked for ${lockSeconds} s.`
        : `passphrase: wrong passphrase for ${row.display_name} (${signInFailuresBeforeLock - failures} more tries before a lock).`,
  );
}

export function setPassphrase(
  store: Store,
  input: { profileId: string; currentPassphrase: string; newPassphrase: string },
  now: Date,
  /** False for the workstation's operator (the command line), who may set a forgotten one. */
  requireCurrent: boolean,
): Profile {
  const profile = requireProfile(store, input.profileId);
  if (profile.role !== 'director')
    throw new ApiError('invalid-input', 'profileId: only director profiles have a passphrase.');
  if (requireCurrent) checkPassphrase(store, input.profileId, input.currentPassphrase, now);
  store.db
    .prepare('UPDATE profiles SET passphrase_hash = ? WHERE id = ?')
    .run(hashPassphrase(input.newPassphrase), input.profileId);
  return profile;
}

export function nameKey(displayName: string): string {
  return displayName.normalize('NFC').toLocaleLowerCase('en');
}

function assertNameFree(store: Store, displayName: string, exceptProfileId: string | undefined): void {
  const clash = store.db
    .prepare('SELECT id, display_name FROM profiles WHERE display_name_key = ?')
    .get(nameKey(displayName)) as { id: string; display_name: string } | undefined;
  if (clash && clash.id !== exceptProfileId) {
    throw new ApiError('conflict', `displayName: a profile named "${clash.display_name}" already exists.`);
  }
}
