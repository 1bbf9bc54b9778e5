import { useEffect, useState } from 'react';
import type { Scenario } from '../../../../sim/scenario/scenario.ts';
import { api, errorMessage } from '../../app/api.ts';
import { routeHref } from '../../app/router.ts';
import { useSession } from '../../app/session.tsx';
import type { LiveFrames } from '../../sim-worker/liveFrames.ts';
import type { LiveSimulation } from '../../sim-worker/useLiveSimulation.ts';

/**
 * The case on the table: its title, what it asks for, and the case's controls: pause (the clock
 * stops), finish (the attempt is scored and submitted; the debrief opens) and abort (back to the
 * briefing, nothing saved).
 */
export function CaseSummary({
  scenario,
  live,
  startedAt,
}: {
  scenario: Scenario;
  live: LiveSimulation;
  startedAt: string;
}) {
  const { activeProfile } = useSession();
  const [paused, setPaused] = useState(false);
  const [finishing, setFinishing] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const finish = async (): Promise<void> => {
    if (!activeProfile) return;
    setFinishing({ busy: true, error: null });
    try {
      live.send({ kind: 'beam', beam: 'off' });
      const attempt = await live.finish(scenario);
      const summary = await api.attemptSubmit({
        profileId: activeProfile.id,
        scenarioId: scenario.id,
        scenarioVersion: scenario.version,
        startedAt,
        commands: attempt.commands,
        totalSteps: attempt.totalSteps,
        claimed: attempt.claimed,
      });
      window.location.hash = routeHref('debrief', summary.id);
    } catch (error) {
      live.pause(false);
      setFinishing({ busy: false, error: errorMessage(error) });
    }
  };
  return (
    <section aria-labelledby="case-title" data-testid="case-summary">
      <h2 id="case-title">{scenario.title}</h2>
      <ObjectiveTracker scenario={scenario} frames={live.frames} />
      <div className="view-buttons" role="group" aria-label="Case">
        <button
          type="button"
          className="secondary"
          aria-pressed={paused}
          onClick={() => {
            live.pause(!paused);
            setPaused(!paused);
          }}
        >
          {paused ? 'Resume' : 'Pause'}
        </button>
        <button type="button" onClick={() => void finish()} disabled={finishing.busy || !activeProfile}>
          {finishing.busy ? 'Scoring…' : 'Finish case'}
        </button>
        <a className="button secondary" href={routeHref('briefing', scenario.id)}>
          Abort
        </a>
      </div>
      {paused && <p className="hint">Paused: the clock, the blood and the beam are stopped.</p>}
      {finishing.error && (
        <p className="form-error" role="alert">
          {finishing.error}
        </p>
      )}
    </section>
  );
}

/**
 * The case's objectives and its phase tracker, ticked as the attempt meets them (the worker
 * re-scores about once a second). Steps the case names no completion for are shown with a dot.
 */
function ObjectiveTracker({ scenario, frames }: { scenario: Scenario; frames: LiveFrames | null }) {
  const [progress, setProgress] = useState<{ met: boolean[]; done: boolean[] }>({ met: [], done: [] });
  useEffect(() => {
    if (!frames) return;
    const same = (a: boolean[], b: boolean[]): boolean =>
      a.length === b.length && a.every((value, i) => value === b[i]);
    const listener = (): void =>
      setProgress((previous) =>
        same(previous.met, frames.objectivesMet) && same(previous.done, frames.stepsDone)
          ? previous
          : { met: [...frames.objectivesMet], done: [...frames.stepsDone] },
      );
    frames.listeners.add(listener);
    return () => {
      frames.listeners.delete(listener);
    };
  }, [frames]);
  let stepIndex = 0;
  return (
    <>
      <ol className="objectives objective-results" data-testid="objective-tracker">
        {scenario.objectives.map((objective, i) => (
          <li key={objective.id} className={progress.met[i] ? 'met' : 'missed'}>
            {progress.met[i] ? '✓' : '○'} {objective.text}
          </li>
        ))}
      </ol>
      <details className="phase-tracker" data-testid="phase-tracker">
        <summary>Phases</summary>
        <ol>
          {scenario.phases.map((phase) => (
            <li key={phase.id}>
              {phase.title}
              <ul>
                {phase.steps.map((step) => {
                  const done = progress.done[stepIndex++] ?? false;
                  return (
                    <li key={step.id} className={done ? 'met' : 'missed'}>
                      {step.doneWhen ? (done ? '✓' : '○') : '·'} {step.text}
                    </li>
                  );
                })}
              </ul>
            </li>
          ))}
        </ol>
      </details>
    </>
  );
}
