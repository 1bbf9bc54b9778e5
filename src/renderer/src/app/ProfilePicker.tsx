import { useState, type FormEvent } from 'react';
import type { ProfileRole } from '../../../contract/calls.ts';
import { api, errorMessage } from './api.ts';
import { useSession } from './session.tsx';

/** First thing on the workstation: pick who is training, or add a new person. */
export function ProfilePicker({ onDone }: { onDone?: () => void }) {
  const session = useSession();
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<ProfileRole>('trainee');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function choose(profileId: string) {
    await session.updateSettings({ activeProfileId: profileId });
    onDone?.();
  }

  async function create(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const profile = await api.profileCreate({ displayName, role });
      setDisplayName('');
      await choose(profile.id);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="profile-picker" aria-labelledby="profile-picker-title">
      <div className="picker-header">
        <h2 id="profile-picker-title">Who is at the table?</h2>
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
                onClick={() => void choose(profile.id)}
              >
                <span className="profile-name">{profile.displayName}</span>
                <span className={`role-badge role-${profile.role}`}>{profile.role}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
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
              onChange={() => setRole('director')}
            />
            Program director
          </label>
        </fieldset>
        <button type="submit" disabled={busy}>
          Add profile
        </button>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
      </form>
    </section>
  );
}
