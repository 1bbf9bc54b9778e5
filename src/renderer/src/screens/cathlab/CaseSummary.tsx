import { useEffect, useRef, useState } from 'react';
import type { Scenario } from '../../../../sim/scenario/scenario.ts';
import { api, errorMessage } from '../../app/api.ts';
import { routeHref } from '../../app/router.ts';
import { useSession } from '../../app/session.tsx';
import type { LiveFrames } from '../../sim-worker/liveFrames.ts';
import type { LiveSimulation } from '../../sim-worker/useLiveSimulation.ts';
import type { AttemptUnderWay } from './CathLabScreen.tsx';

/** How often the attempt's commands are saved while it runs: a crash loses at most this. */
const checkpointIntervalMs = 5000;

/**
 * The case on the table: its title, what it asks for, and the case's controls: pause (the clock
 * stops), finish (the attempt is scored and submitted; the debrief opens) and abort (the attempt
 * is abandoned: it counts as used). While it runs, its commands are saved every few seconds.
 */
export function CaseSummary({
  scenario,
  live,
  attempt,
}: {
  scenario: Scenario;
  live: LiveSimulation;
  attempt: AttemptUnderWay;
}) {
  const { activeProfile } = useSession();
  const saving = useAttemptCheckpoints(attempt, live);
  const [paused, setPaused] = useState(false);
  const [finishing, setFinishing] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const finish = async (): Promise<void> => {
    if (!activeProfile) return;
    setFinishing({ busy: true, error: null });
    try {
      live.send({ kind: 'beam', beam: 'off' });
      saving.stop();
      const recorded = await live.finish(scenario);
      const summary = await api.attemptSubmit({
        attemptId: attempt.id,
        profileId: activeProfile.id,
        scenarioId: scenario.id,
        scenarioVersion: scenario.version,
        startedAt: attempt.startedAt,
        commands: recorded.commands,
        totalSteps: recorded.totalSteps,
        claimed: recorded.claimed,
      });
      window.location.hash = routeHref('debrief', summary.id);
    } catch (error) {
      live.pause(false);
      saving.restart();
      setFinishing({ busy: false, error: errorMessage(error) });
    }
  };
  const abort = async (): Promise<void> => {
    if (!window.confirm('Abort this attempt? It counts as used and cannot be carried on.')) return;
    saving.stop();
    try {
      await api.attemptAbandon({ attemptId: attempt.id });
      window.location.hash = routeHref('briefing', scenario.id);
    } catch (error) {
      saving.restart();
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
        <button type="button" className="secondary" onClick={() => void abort()} disabled={finishing.busy}>
          Abort
        </button>
      </div>
      {saving.error && (
        <p className="form-error" role="alert" data-testid="checkpoint-error">
          The attempt could not be saved: {saving.error}
        </p>
      )}
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

/**
 * Saves the attempt's new commands every few seconds (`attemptCheckpoint`), so a crash or power
 * cut loses at most that much; the next start offers to carry it on from there.
 */
function useAttemptCheckpoints(
  attempt: AttemptUnderWay,
  live: LiveSimulation,
): { error: string | null; stop(): void; restart(): void } {
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState(true);
  const saved = useRef({ count: attempt.resume?.commands.length ?? 0, steps: attempt.resume?.steps ?? 0 });
  const { commandsSince } = live;
  const ready = live.frames !== null;
  useEffect(() => {
    if (!running || !ready) return;
    let busy = false;
    const timer = setInterval(() => {
      if (busy) return;
      busy = true;
      void (async () => {
        try {
          const { commands, steps } = await commandsSince(saved.current.count);
          if (commands.length === 0 && steps === saved.current.steps) return;
          const result = await api.attemptCheckpoint({
            attemptId: attempt.id,
            fromIndex: saved.current.count,
            commands,
            steps,
          });
          saved.current = { count: result.commandCount, steps: result.steps };
          setError(null);
        } catch (failure) {
          setError(errorMessage(failure));
        } finally {
          busy = false;
        }
      })();
    }, checkpointIntervalMs);
    return () => clearInterval(timer);
  }, [attempt.id, commandsSince, ready, running]);
  return { error, stop: () => setRunning(false), restart: () => setRunning(true) };
}
