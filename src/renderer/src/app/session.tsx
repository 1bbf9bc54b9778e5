import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { AppInfo, Profile, Settings } from '../../../contract/calls.ts';
import { api, errorMessage } from './api.ts';

/** Who is at the workstation, their settings and the app's identity, loaded once and kept fresh. */
export interface Session {
  appInfo: AppInfo;
  profiles: Profile[];
  settings: Settings;
  activeProfile: Profile | undefined;
  refresh(): Promise<void>;
  updateSettings(changes: Partial<Omit<Settings, 'activeProfileId'>>): Promise<void>;
  /** Signs a profile in (a director's with its passphrase); throws with the main process's reason. */
  signIn(profileId: string, passphrase?: string): Promise<void>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<Session | undefined>(undefined);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession must be used inside <SessionProvider>');
  return session;
}

type LoadState =
  | { status: 'loading' }
  | { status: 'failed'; message: string }
  | { status: 'ready'; appInfo: AppInfo; profiles: Profile[]; settings: Settings };

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<LoadState>({ status: 'loading' });

  const refresh = useCallback(async () => {
    try {
      const [appInfo, { profiles }, settings] = await Promise.all([
        api.appInfo({}),
        api.profileList({}),
        api.settingsGet({}),
      ]);
      setState({ status: 'ready', appInfo, profiles, settings });
    } catch (error) {
      setState({ status: 'failed', message: errorMessage(error) });
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const signIn = useCallback(
    async (profileId: string, passphrase?: string) => {
      try {
        await api.sessionSignIn(passphrase === undefined ? { profileId } : { profileId, passphrase });
      } finally {
        await refresh();
      }
    },
    [refresh],
  );

  const signOut = useCallback(async () => {
    await api.sessionSignOut({});
    await refresh();
  }, [refresh]);

  const updateSettings = useCallback(
    async (changes: Partial<Omit<Settings, 'activeProfileId'>>) => {
      // Show the change at once (a toggle must not lag the click); the stored value follows.
      setState((current) =>
        current.status === 'ready' ? { ...current, settings: { ...current.settings, ...changes } } : current,
      );
      try {
        await api.settingsSet(changes);
      } finally {
        await refresh();
      }
    },
    [refresh],
  );

  const session = useMemo<Session | undefined>(() => {
    if (state.status !== 'ready') return undefined;
    const activeProfile = state.profiles.find((profile) => profile.id === state.settings.activeProfileId);
    return { ...state, activeProfile, refresh, updateSettings, signIn, signOut };
  }, [state, refresh, updateSettings, signIn, signOut]);

  if (state.status === 'loading') return <div className="splash">Starting IR Trainer…</div>;
  if (state.status === 'failed') {
    return (
      <div className="splash splash-error" role="alert">
        <h1>IR Trainer could not start</h1>
        <p>{state.message}</p>
        <button onClick={() => void refresh()}>Try again</button>
      </div>
    );
  }
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}
