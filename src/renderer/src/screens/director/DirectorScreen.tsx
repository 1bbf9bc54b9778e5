import { useState } from 'react';
import { api, errorMessage } from '../../app/api.ts';
import { useSession } from '../../app/session.tsx';

export function DirectorScreen() {
  const session = useSession();
  if (session.activeProfile?.role !== 'director') {
    return (
      <div className="screen-body">
        <h1>Director console</h1>
        <p className="form-error">The director console is for program-director profiles.</p>
      </div>
    );
  }
  return (
    <div className="screen-body">
      <h1>Director console</h1>
      <section aria-labelledby="roster-title">
        <h2 id="roster-title">Roster</h2>
        {session.profiles.length === 0 ? (
          <p className="empty">No profiles yet.</p>
        ) : (
          <table className="roster">
            <thead>
              <tr>
                <th>Name</th>
                <th>Role</th>
                <th>Profile created</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {session.profiles.map((profile) => (
                <RosterRow key={profile.id} profileId={profile.id} />
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}

function RosterRow({ profileId }: { profileId: string }) {
  const session = useSession();
  const profile = session.profiles.find((candidate) => candidate.id === profileId)!;
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(profile.displayName);
  const [error, setError] = useState<string>();

  async function save() {
    try {
      await api.profileUpdate({ profileId, displayName: name });
      setEditing(false);
      setError(undefined);
      await session.refresh();
    } catch (failure) {
      setError(errorMessage(failure));
    }
  }

  return (
    <tr>
      <td>
        {editing ? (
          <input
            aria-label={`New name for ${profile.displayName}`}
            value={name}
            onChange={(event) => setName(event.target.value)}
          />
        ) : (
          profile.displayName
        )}
        {error && <div className="form-error">{error}</div>}
      </td>
      <td>
        <span className={`role-badge role-${profile.role}`}>{profile.role}</span>
      </td>
      <td>{new Date(profile.createdAt).toLocaleDateString()}</td>
      <td>
        {editing ? (
          <>
            <button onClick={() => void save()}>Save</button>
            <button className="secondary" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </>
        ) : (
          <button className="secondary" onClick={() => setEditing(true)}>
            Rename
          </button>
        )}
      </td>
    </tr>
  );
}
