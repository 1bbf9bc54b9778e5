import { ApiError } from '../../contract/errors.ts';
import { SettingsSchema, type Settings } from '../../contract/calls.ts';
import type { Store } from './store/store.ts';
import { isDirector, type SessionState } from './session.ts';

/** Workstation settings, one row per key so adding a setting needs no migration. */

export const defaultSettings: Settings = {
  activeProfileId: null,
  showFrameRate: false,
  invertHubRotation: false,
  traineesMayComment: true,
};

export function getSettings(store: Store, session?: SessionState): Settings {
  const rows = store.db.prepare('SELECT key, value_json FROM settings').all() as unknown as {
    key: string;
    value_json: string;
  }[];
  const stored: Record<string, unknown> = {};
  for (const row of rows) {
    if (Object.hasOwn(defaultSettings, row.key)) stored[row.key] = JSON.parse(row.value_json);
  }
  const merged = { ...defaultSettings, ...stored };
  // A value that no longer validates (a setting whose meaning changed) falls back to its default
  // field by field rather than making the whole settings screen unusable.
  const settings = { ...defaultSettings };
  for (const key of Object.keys(defaultSettings) as (keyof Settings)[]) {
    const single = SettingsSchema.shape[key].safeParse(merged[key]);
    if (single.success) (settings as Record<string, unknown>)[key] = single.data;
  }
  // Who is signed in is the session's to say (the stored value only says whom to restore).
  settings.activeProfileId = session?.profileId ?? null;
  return settings;
}

/** Settings only a program director may change (checked here, whatever a screen shows). */
const directorSettings: readonly (keyof Omit<Settings, 'activeProfileId'>)[] = ['traineesMayComment'];

export function setSettings(
  store: Store,
  session: SessionState,
  changes: Partial<Omit<Settings, 'activeProfileId'>>,
): Settings {
  const current = getSettings(store, session);
  for (const key of directorSettings) {
    if (changes[key] === undefined || changes[key] === current[key]) continue;
    if (!isDirector(store, session)) {
      throw new ApiError('forbidden', `${key}: only a program director may change this setting.`);
    }
  }
  store.transaction(() => {
    const upsert = store.db.prepare(
      'INSERT INTO settings (key, value_json) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json',
    );
    for (const [key, value] of Object.entries(changes)) {
      if (value !== undefined) upsert.run(key, JSON.stringify(value));
    }
  });
  return getSettings(store, session);
}
