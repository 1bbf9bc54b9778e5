import { ApiError } from '../../contract/errors.ts';
import type { CallAccess, Profile } from '../../contract/calls.ts';
import { checkPassphrase, findProfile, requireProfile } from './profiles.ts';
import type { Store } from './store/store.ts';

/**
 * Who is at the workstation, held by the main process (never taken from what a screen sends).
 * A trainee signs in by choosing their profile; a director also gives the passphrase. The
 * command line is the workstation's operator: whoever can run it can read the database file
 * anyway, so it may make every call.
 */
export interface SessionState {
  profileId: string | null;
  operator: boolean;
}

export function signIn(
  store: Store,
  session: SessionState,
  input: { profileId: string; passphrase?: string | undefined },
  now: Date,
): Profile {
  const profile = requireProfile(store, input.profileId);
  if (profile.role === 'director') checkPassphrase(store, profile.id, input.passphrase, now);
  session.profileId = profile.id;
  rememberProfile(store, profile.id);
  return profile;
}

export function signOut(store: Store, session: SessionState): void {
  session.profileId = null;
  rememberProfile(store, null);
}

/** The app opens signed in as the last trainee; a director must give the passphrase again. */
export function restoredSession(store: Store, operator: boolean): SessionState {
  const row = store.db.prepare("SELECT value_json FROM settings WHERE key = 'activeProfileId'").get() as
    { value_json: string } | undefined;
  const lastId = row ? (JSON.parse(row.value_json) as unknown) : null;
  const last = typeof lastId === 'string' ? findProfile(store, lastId) : undefined;
  return { profileId: last?.role === 'trainee' ? last.id : null, operator };
}

function rememberProfile(store: Store, profileId: string | null): void {
  store.db
    .prepare(
      "INSERT INTO settings (key, value_json) VALUES ('activeProfileId', ?) ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json",
    )
    .run(JSON.stringify(profileId));
}

export function currentProfile(store: Store, session: SessionState): Profile | undefined {
  return session.profileId === null ? undefined : findProfile(store, session.profileId);
}

export function isDirector(store: Store, session: SessionState): boolean {
  return session.operator || currentProfile(store, session)?.role === 'director';
}

/** Refuses a call the session may not make (`callAccess` in the contract). */
export function authorize(store: Store, session: SessionState, name: string, access: CallAccess): void {
  if (access === 'anyone' || session.operator) return;
  const profile = currentProfile(store, session);
  if (!profile) throw new ApiError('forbidden', `${name}: sign in first.`);
  if (access === 'director' && profile.role !== 'director') {
    throw new ApiError(
      'forbidden',
      `${name}: only a program director may do this (signed in as ${profile.displayName}, a trainee).`,
    );
  }
}

/**
 * Refuses a trainee acting for someone else: a call that names a profile (whose attempt, whose
 * comment, whose home) must name the signed-in one, unless a director is signed in.
 */
export function assertSelfOrDirector(store: Store, session: SessionState, profileId: string, field: string): void {
  if (isDirector(store, session)) return;
  if (session.profileId !== profileId) {
    const profile = currentProfile(store, session);
    throw new ApiError(
      'forbidden',
      `${field}: ${profile ? `signed in as ${profile.displayName}` : 'nobody is signed in'}; a trainee acts only as themself.`,
    );
  }
}
