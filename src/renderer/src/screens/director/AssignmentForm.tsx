import { useState, type FormEvent } from 'react';
import { api, errorMessage } from '../../app/api.ts';
import type { ProgramData } from './DirectorScreen.tsx';

/**
 * A new assignment: a case or a curriculum, for one or more trainees, with a due date (the end of
 * that day, this workstation's time), a pass mark overriding the case's, the attempts allowed and
 * the learning aids allowed.
 */
export function AssignmentForm({ data, onCreated }: { data: ProgramData; onCreated: () => void }) {
  const [target, setTarget] = useState('');
  const [traineeIds, setTraineeIds] = useState<string[]>([]);
  const [due, setDue] = useState('');
  const [passMark, setPassMark] = useState('');
  const [attempts, setAttempts] = useState('');
  const [seeThrough, setSeeThrough] = useState(true);
  const [roadmap, setRoadmap] = useState(true);
  const [state, setState] = useState<{ busy: boolean; error?: string; done?: string }>({ busy: false });

  async function submit(event: FormEvent) {
    event.preventDefault();
    const [kind, id] = target.split(':');
    if (!kind || !id) return setState({ busy: false, error: 'Choose a case or a curriculum.' });
    if (traineeIds.length === 0) return setState({ busy: false, error: 'Choose at least one trainee.' });
    setState({ busy: true });
    try {
      const created = await api.assignmentCreate({
        target: kind === 'case' ? { kind: 'case', scenarioId: id } : { kind: 'curriculum', curriculumId: id },
        traineeIds,
        dueAt: due === '' ? null : new Date(`${due}T23:59:59`).toISOString(),
        passMark: passMark === '' ? null : Number(passMark),
        attemptsAllowed: attempts === '' ? null : Number(attempts),
        aids: { seeThrough, roadmap },
      });
      setState({ busy: false, done: `Assigned "${created.title}" to ${traineeIds.length} trainee(s).` });
      setTraineeIds([]);
      onCreated();
    } catch (failure) {
      setState({ busy: false, error: errorMessage(failure) });
    }
  }

  return (
    <section aria-labelledby="assign-title">
      <h2 id="assign-title">New assignment</h2>
      <form className="assignment-form" onSubmit={(event) => void submit(event)} aria-label="New assignment">
        <label>
          Case or curriculum
          <select value={target} onChange={(event) => setTarget(event.target.value)} required>
            <option value="">Choose…</option>
            <optgroup label="Cases">
              {data.cases.map((scenario) => (
                <option key={scenario.id} value={`case:${scenario.id}`}>
                  {scenario.title}
                </option>
              ))}
            </optgroup>
            {data.overview.curricula.length > 0 && (
              <optgroup label="Curricula">
                {data.overview.curricula.map((curriculum) => (
                  <option key={curriculum.id} value={`curriculum:${curriculum.id}`}>
                    {curriculum.title}
                  </option>
                ))}
              </optgroup>
            )}
          </select>
        </label>
        <fieldset>
          <legend>Trainees</legend>
          {data.trainees.length === 0 && <p className="empty">No trainee profiles yet.</p>}
          {data.trainees.map((trainee) => (
            <label key={trainee.id} className="checkbox">
              <input
                type="checkbox"
                checked={traineeIds.includes(trainee.id)}
                onChange={(event) =>
                  setTraineeIds((ids) =>
                    event.target.checked ? [...ids, trainee.id] : ids.filter((other) => other !== trainee.id),
                  )
                }
              />
              {trainee.displayName}
            </label>
          ))}
        </fieldset>
        <label>
          Due date
          <input type="date" value={due} onChange={(event) => setDue(event.target.value)} />
        </label>
        <label>
          Pass mark (blank: the case&apos;s own)
          <input
            type="number"
            min={0}
            max={100}
            step={1}
            value={passMark}
            onChange={(event) => setPassMark(event.target.value)}
          />
        </label>
        <label>
          Attempts allowed (blank: unlimited)
          <input
            type="number"
            min={1}
            max={100}
            step={1}
            value={attempts}
            onChange={(event) => setAttempts(event.target.value)}
          />
        </label>
        <fieldset>
          <legend>Learning aids allowed</legend>
          <label className="checkbox">
            <input type="checkbox" checked={seeThrough} onChange={(event) => setSeeThrough(event.target.checked)} />
            3D see-through view
          </label>
          <label className="checkbox">
            <input type="checkbox" checked={roadmap} onChange={(event) => setRoadmap(event.target.checked)} />
            Roadmap
          </label>
        </fieldset>
        <button type="submit" disabled={state.busy}>
          Assign
        </button>
        {state.error && (
          <p className="form-error" role="alert">
            {state.error}
          </p>
        )}
        {state.done && (
          <p className="hint" role="status">
            {state.done}
          </p>
        )}
      </form>
    </section>
  );
}
