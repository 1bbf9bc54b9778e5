import { useState } from 'react';
import type { CallOutput } from '../../../../contract/calls.ts';
import { SIM_STEP_HZ } from '../../../../sim/version.ts';
import { api, errorMessage } from '../../app/api.ts';
import { Loading } from '../../app/Loading.tsx';
import { routeHref } from '../../app/router.ts';
import { useSession } from '../../app/session.tsx';
import { useLoaded } from '../../app/useCall.ts';
import { formatTime } from '../../fluoro/formatTime.ts';
import { aidsText, attemptsText, dueText, passMarkText, statusText } from '../program/assignmentText.ts';
import { MyProgress } from './MyProgress.tsx';

const procedureLabels = { navigation: 'Navigation drill', thrombectomy: 'Thrombectomy', embolization: 'Embolization' };

type Home = CallOutput<'traineeHome'>;

/**
 * The trainee's home: an attempt left unfinished (carry it on or abandon it), what is assigned
 * and where they stand, the case library (cases a curriculum has not unlocked yet are shown
 * locked, with why), and their own learning curves.
 */
export function HomeScreen() {
  const session = useSession();
  const profile = session.activeProfile!;
  const [library] = useLoaded(() => api.scenarioList({}));
  const [home, reloadHome] = useLoaded(() => api.traineeHome({ profileId: profile.id }));

  return (
    <div className="screen-body">
      <h1>Welcome, {profile.displayName}</h1>
      <Loading state={home}>
        {(loaded) => (
          <>
            <Unfinished home={loaded} onChange={reloadHome} />
            <Assigned home={loaded} />
          </>
        )}
      </Loading>
      <section aria-labelledby="library-title">
        <h2 id="library-title">Case library</h2>
        <Loading state={library}>
          {({ scenarios, problems }) => (
            <>
              {scenarios.length === 0 ? (
                <p className="empty">No cases are installed on this workstation.</p>
              ) : (
                <ul className="case-list">
                  {scenarios.map((scenario) => {
                    const lock =
                      home.status === 'ready' ? home.value.locked.find((l) => l.scenarioId === scenario.id) : undefined;
                    return (
                      <li key={scenario.id} className={lock ? 'case-card locked' : 'case-card'}>
                        <div className="case-kind">{procedureLabels[scenario.procedure]}</div>
                        <h3>{scenario.title}</h3>
                        <p>{scenario.summary}</p>
                        <div className="case-meta">
                          {scenario.anatomy} anatomy · {scenario.difficulty}
                        </div>
                        {lock ? (
                          <p className="locked-reason">Locked. {lock.reason}</p>
                        ) : (
                          <a className="button" href={routeHref('briefing', scenario.id)}>
                            Open briefing
                          </a>
                        )}
                      </li>
                    );
                  })}
                </ul>
              )}
              {problems.length > 0 && (
                <div className="problems" role="alert">
                  <h3>Case files that could not be read</h3>
                  <ul>
                    {problems.map((problem) => (
                      <li key={problem.file}>{problem.message}</li>
                    ))}
                  </ul>
                </div>
              )}
            </>
          )}
        </Loading>
      </section>
      <MyProgress profileId={profile.id} />
    </div>
  );
}

/** An attempt still open from before a crash or a closed window: carry it on, or give it up. */
function Unfinished({ home, onChange }: { home: Home; onChange: () => void }) {
  const [error, setError] = useState<string>();
  if (home.unfinished.length === 0) return null;
  async function abandon(attemptId: string) {
    if (!window.confirm('Abandon this attempt? It counts as used.')) return;
    try {
      await api.attemptAbandon({ attemptId });
      onChange();
    } catch (failure) {
      setError(errorMessage(failure));
    }
  }
  return (
    <section aria-labelledby="unfinished-title" className="unfinished" data-testid="unfinished">
      <h2 id="unfinished-title">Unfinished attempts</h2>
      <ul>
        {home.unfinished.map((attempt) => (
          <li key={attempt.id}>
            {attempt.scenarioId.replaceAll('-', ' ')}: started {new Date(attempt.startedAt).toLocaleString('en-GB')},{' '}
            {formatTime(attempt.steps / SIM_STEP_HZ)} saved.{' '}
            <a className="button" href={routeHref('cathlab', attempt.scenarioId, { attempt: attempt.id })}>
              Resume
            </a>{' '}
            <button className="secondary" onClick={() => void abandon(attempt.id)}>
              Abandon
            </button>
          </li>
        ))}
      </ul>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

function Assigned({ home }: { home: Home }) {
  return (
    <section aria-labelledby="assigned-title">
      <h2 id="assigned-title">Assigned to you</h2>
      {home.assignments.length === 0 ? (
        <p className="empty">Nothing assigned. Practise any case from the library below.</p>
      ) : (
        <table className="assignment-table" data-testid="my-assignments">
          <thead>
            <tr>
              <th>Assignment</th>
              <th>Due</th>
              <th>Status</th>
              <th>Attempts</th>
              <th>Terms</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {home.assignments.map(({ assignment, progress }) => (
              <tr key={assignment.id} className={`status-${progress.status}${progress.overdue ? ' overdue' : ''}`}>
                <td>
                  {assignment.title}
                  {assignment.target.kind === 'curriculum' && (
                    <ol className="curriculum-steps">
                      {progress.steps.map((step) => (
                        <li key={step.scenarioId}>
                          {step.complete ? '✓' : step.unlocked ? '▶' : '·'} {step.title}
                          {!step.unlocked && ' (locked)'}
                          {step.unlocked &&
                            !step.complete &&
                            ` (${step.passesInARow} of ${progress.passesRequired} passes in a row)`}
                        </li>
                      ))}
                    </ol>
                  )}
                </td>
                <td>{dueText(assignment)}</td>
                <td data-testid="assignment-status">{statusText(progress)}</td>
                <td>{attemptsText(progress)}</td>
                <td>
                  pass mark {passMarkText(assignment)}; {aidsText(assignment)}
                </td>
                <td>
                  {progress.nextScenarioId && (
                    <a
                      className="button"
                      href={routeHref('briefing', progress.nextScenarioId, { assignment: assignment.id })}
                    >
                      {progress.status === 'not-started' ? 'Start' : 'Continue'}
                    </a>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
