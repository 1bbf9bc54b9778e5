import { randomUUID } from 'node:crypto';
import { ApiError } from '../../contract/errors.ts';
import type { Profile, ProfileRole } from '../../contract/calls.ts';
import type { Store } from './store/store.ts';

/** People who use this workstation: trainees and program directors. */

interface ProfileRow {
  id: string;
  display_name: string;
  role: ProfileRole;
  created_at: string;
}

function toProfile(row: ProfileRow): Profile {
  return { id: row.id, displayName: row.display_name, role: row.role, createdAt: row.created_at };
}

export function listProfiles(store: Store): Profile[] {
  const rows = store.db
    .prepare('SELECT id, display_name, role, created_at FROM profiles ORDER BY display_name_key, id')
    .all() as unknown as ProfileRow[];
  return rows.map(toProfile);
}

export function findProfile(store: Store, profileId: string): Profile | undefined {
  const row = store.db
    .prepare('SELECT id, display_name, role, created_at FROM profiles WHERE id = ?')
    .get(profileId) as ProfileRow | undefined;
  return row ? toProfile(row) : undefined;
}

export function createProfile(
  store: Store,
  input: { displayName: string; role: ProfileRole },
  now: () => Date,
): Profile {
  const profile: Profile = {
    id: randomUUID(),
    displayName: input.displayName,
    role: input.role,
    createdAt: now().toISOString(),
  };
  store.transaction(() => {
    assertNameFree(store, input.displayName, undefined);
    store.db
      .prepare('INSERT INTO profiles (id, display_name, display_name_key, role, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(profile.id, profile.displayName, nameKey(profile.displayName), profile.role, profile.createdAt);
  });
  return profile;
}

export function renameProfile(store: Store, input: { profileId: string; displayName: string }): Profile {
  return store.transaction(() => {
    const existing = findProfile(store, input.profileId);
    if (!existing) throw new ApiError('not-found', `No profile with id ${input.profileId}.`);
    assertNameFree(store, input.displayName, input.profileId);
    store.db
      .prepare('UPDATE profiles SET display_name = ?, display_name_key = ? WHERE id = ?')
      .run(input.displayName, nameKey(input.displayName), input.profileId);
    return { ...existing, displayName: input.displayName };
  });
}

function nameKey(displayName: string): string {
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
