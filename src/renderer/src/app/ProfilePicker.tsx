import { useState, type FormEvent } from 'react';
import type { Profile, ProfileRole } from '../../../contract/calls.ts';
import { api, errorMessage } from './api.ts';
import { useSession } from './session.tsx';

/**
 * First thing on the workstation: pick who is training, or add a new person. A director signs in
 * with the passphrase (the main process checks it and locks the profile after repeated failures).
 */
export function ProfilePicker({ onDone }: { onDone?: () => void }) {
  const session = useSession();
  const [unlocking, setUnlocking] = useState<Profile>();
  const [error, setError] = useState<string>();

  async function choose(profile: Profile) {
    setError(undefined);
    if (profile.role === 'director' && profile.id !== session.activeProfile?.id) {
      setUnlocking(profile);
      return;
    }
    try {
      await session.signIn(profile.id);
      onDone?.();
    } catch (failure) {
      setError(errorMessage(failure));
    }
  }

  return (
    <section className="profile-picker" aria-labelledby="profile-picker-title">
      <div className="picker-header">
        <h2 id="profile-picker-title">Who is at the table?</h2>
        {session.activeProfile && (
          <button
            className="secondary"
            onClick={() => {
              void session.signOut();
            }}
          >
            Sign out
          </button>
        )}
        {session.activeProfile && onDone && (
          <button className="secondary" onClick={onDone}>
            Cancel
          </button>
        )}
      </div>
      {session.profiles.length === 0 ? (
        <p className="empty">No profiles on this workstation yet. Add the first one below.</p>
      ) : (
        <ul className="profile-list">
          {session.profiles.map((profile) => (
            <li key={profile.id}>
              <button
                className={profile.id === session.activeProfile?.id ? 'profile-choice active' : 'profile-choice'}
                onClick={() => void choose(profile)}
              >
                <span className="profile-name">{profile.displayName}</span>
                <span className={`role-badge role-${profile.role}`}>{profile.role}</span>
                {profile.trainingYear !== null && <span className="hint">PGY-{profile.trainingYear}</span>}
              </button>
            </li>
          ))}
        </ul>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {unlocking && (
        <DirectorSignIn profile={unlocking} onCancel={() => setUnlocking(undefined)} onSignedIn={() => onDone?.()} />
      )}
      <NewProfileForm onCreated={() => onDone?.()} />
    </section>
  );
}

function DirectorSignIn({
  profile,
  onCancel,
  onSignedIn,
}: {
  profile: Profile;
  onCancel: () => void;
  onSignedIn: () => void;
}) {
  const session = useSession();
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await session.signIn(profile.id, passphrase);
      onSignedIn();
    } catch (failure) {
      setError(errorMessage(failure));
      setPassphrase('');
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="profile-form" onSubmit={(event) => void submit(event)} aria-label="Director sign-in">
      <h3>Sign in as {profile.displayName}</h3>
      <label>
        Passphrase
        <input
          type="password"
          value={passphrase}
          onChange={(event) => setPassphrase(event.target.value)}
          autoComplete="current-password"
          autoFocus
          required
        />
      </label>
      <div className="view-buttons">
        <button type="submit" disabled={busy}>
          Sign in
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

function NewProfileForm({ onCreated }: { onCreated: () => void }) {
  const session = useSession();
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<ProfileRole>('trainee');
  const [trainingYear, setTrainingYear] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  // Once a director exists, only a signed-in director may add another (the main process enforces it).
  const directorExists = session.profiles.some((profile) => profile.role === 'director');
  const mayAddDirector = !directorExists || session.activeProfile?.role === 'director';

  async function create(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    if (role === 'director' && passphrase !== repeat) {
      setError('The two passphrases differ.');
      return;
    }
    setBusy(true);
    try {
      const profile = await api.profileCreate({
        displayName,
        role,
        ...(role === 'trainee' && trainingYear !== '' ? { trainingYear: Number(trainingYear) } : {}),
        ...(role === 'director' ? { passphrase } : {}),
      });
      setDisplayName('');
      setPassphrase('');
      setRepeat('');
      await session.signIn(profile.id, role === 'director' ? passphrase : undefined);
      onCreated();
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="profile-form" onSubmit={(event) => void create(event)}>
      <h3>New profile</h3>
      <label>
        Name
        <input
          name="displayName"
          value={displayName}
          onChange={(event) => setDisplayName(event.target.value)}
          maxLength={60}
          required
          autoComplete="off"
        />
      </label>
      <fieldset className="role-choice">
        <legend>Role</legend>
        <label>
          <input
            type="radio"
            name="role"
            value="trainee"
            checked={role === 'trainee'}
            onChange={() => setRole('trainee')}
          />
          Trainee
        </label>
        <label>
          <input
            type="radio"
            name="role"
            value="director"
            checked={role === 'director'}
            disabled={!mayAddDirector}
            onChange={() => setRole('director')}
          />
          Program director
        </label>
        {!mayAddDirector && <span className="hint">Only a signed-in director can add another director.</span>}
      </fieldset>
      {role === 'trainee' ? (
        <label>
          Training year
          <select value={trainingYear} onChange={(event) => setTrainingYear(event.target.value)}>
            <option value="">Not set</option>
            {Array.from({ length: 10 }, (_, i) => (
              <option key={i + 1} value={String(i + 1)}>
                PGY-{i + 1}
              </option>
            ))}
          </select>
        </label>
      ) : (
        <>
          <label>
            Director passphrase
            <input
              type="password"
              value={passphrase}
              onChange={(event) => setPassphrase(event.target.value)}
              minLength={8}
              required
              autoComplete="new-password"
            />
          </label>
          <label>
            Repeat passphrase
            <input
              type="password"
              value={repeat}
              onChange={(event) => setRepeat(event.target.value)}
              required
              autoComplete="new-password"
            />
          </label>
        </>
      )}
      <button type="submit" disabled={busy}>
        Add profile
      </button>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
