import { useState } from 'react';
import type { AttemptSummaryOutput, CallOutput, Profile } from '../../../../contract/calls.ts';
import type { ScenarioHeader } from '../../../../sim/scenario/header.ts';
import { api, errorMessage } from '../../app/api.ts';
import { Loading } from '../../app/Loading.tsx';
import { useSession } from '../../app/session.tsx';
import { useLoaded } from '../../app/useCall.ts';
import { AssignmentForm } from './AssignmentForm.tsx';
import { CohortView } from './CohortView.tsx';
import { CurriculumEditor } from './CurriculumEditor.tsx';
import { ProgressMatrix } from './ProgressMatrix.tsx';
import { RecordsPanel } from './RecordsPanel.tsx';
import { TraineeDetail } from './TraineeDetail.tsx';

/** Everything the console shows, loaded together and reloaded after each change. */
export interface ProgramData {
  overview: CallOutput<'programOverview'>;
  cases: ScenarioHeader[];
  attempts: AttemptSummaryOutput[];
  trainees: Profile[];
}

/**
 * The program director's console: the roster, who stands where on each assignment, new
 * assignments and curricula, the cohort per case and metric, each trainee's learning curves down
 * to any attempt's replay, and the records (CSV, packs). The main process refuses all of it to a
 * trainee whatever this screen shows.
 */
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
  return <Console />;
}

function Console() {
  const session = useSession();
  const [data, reload] = useLoaded(async (): Promise<ProgramData> => {
    const [overview, library, list] = await Promise.all([
      api.programOverview({}),
      api.scenarioList({}),
      api.attemptList({}),
    ]);
    return {
      overview,
      cases: library.scenarios,
      attempts: list.attempts,
      trainees: session.profiles.filter((profile) => profile.role === 'trainee'),
    };
  });
  const [selected, setSelected] = useState<string | null>(null);
  const changed = (): void => {
    reload();
    void session.refresh();
  };

  return (
    <div className="screen-body director-console">
      <h1>Director console</h1>
      <Roster onChange={changed} />
      <Loading state={data}>
        {(loaded) => (
          <>
            <ProgressMatrix data={loaded} onSelectTrainee={setSelected} onChange={changed} />
            {selected && loaded.trainees.some((trainee) => trainee.id === selected) && (
              <TraineeDetail
                trainee={loaded.trainees.find((trainee) => trainee.id === selected)!}
                data={loaded}
                onClose={() => setSelected(null)}
              />
            )}
            <AssignmentForm data={loaded} onCreated={changed} />
            <CurriculumEditor data={loaded} onChange={changed} />
            <CohortView data={loaded} />
            <RecordsPanel onImported={changed} />
          </>
        )}
      </Loading>
    </div>
  );
}

function Roster({ onChange }: { onChange: () => void }) {
  const session = useSession();
  return (
    <section aria-labelledby="roster-title">
      <h2 id="roster-title">Roster</h2>
      {session.profiles.length === 0 ? (
        <p className="empty">No profiles yet.</p>
      ) : (
        <table className="roster" data-testid="roster">
          <thead>
            <tr>
              <th>Name</th>
              <th>Role</th>
              <th>Training year</th>
              <th>Profile created</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {session.profiles.map((profile) => (
              <RosterRow key={profile.id} profile={profile} onChange={onChange} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function RosterRow({ profile, onChange }: { profile: Profile; onChange: () => void }) {
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(profile.displayName);
  const [year, setYear] = useState(profile.trainingYear === null ? '' : String(profile.trainingYear));
  const [error, setError] = useState<string>();

  async function save() {
    try {
      await api.profileUpdate({
        profileId: profile.id,
        displayName: name,
        ...(profile.role === 'trainee' ? { trainingYear: year === '' ? null : Number(year) } : {}),
      });
      setEditing(false);
      setError(undefined);
      onChange();
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
      <td>
        {editing && profile.role === 'trainee' ? (
          <select
            aria-label={`Training year of ${profile.displayName}`}
            value={year}
            onChange={(event) => setYear(event.target.value)}
          >
            <option value="">Not set</option>
            {Array.from({ length: 10 }, (_, i) => (
              <option key={i + 1} value={String(i + 1)}>
                PGY-{i + 1}
              </option>
            ))}
          </select>
        ) : profile.trainingYear === null ? (
          '—'
        ) : (
          `PGY-${profile.trainingYear}`
        )}
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
            Edit
          </button>
        )}
      </td>
    </tr>
  );
}
