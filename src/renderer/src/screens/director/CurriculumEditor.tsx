import { useState, type FormEvent } from 'react';
import { api, errorMessage } from '../../app/api.ts';
import type { ProgramData } from './DirectorScreen.tsx';

/**
 * Curricula: an ordered list of cases, each unlocking when the one before is passed N times in a
 * row (proficiency-based progression). Listed with their steps; a new one is built case by case.
 */
export function CurriculumEditor({ data, onChange }: { data: ProgramData; onChange: () => void }) {
  const [title, setTitle] = useState('');
  const [passes, setPasses] = useState('2');
  const [steps, setSteps] = useState<string[]>([]);
  const [adding, setAdding] = useState('');
  const [state, setState] = useState<{ busy: boolean; error?: string }>({ busy: false });
  const titleOf = (id: string): string => data.cases.find((scenario) => scenario.id === id)?.title ?? id;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setState({ busy: true });
    try {
      await api.curriculumCreate({ title, passesInARow: Number(passes), scenarioIds: steps });
      setTitle('');
      setSteps([]);
      setState({ busy: false });
      onChange();
    } catch (failure) {
      setState({ busy: false, error: errorMessage(failure) });
    }
  }

  const move = (index: number, by: number): void =>
    setSteps((current) => {
      const next = [...current];
      const [step] = next.splice(index, 1);
      next.splice(Math.max(0, Math.min(next.length, index + by)), 0, step!);
      return next;
    });

  return (
    <section aria-labelledby="curricula-title">
      <h2 id="curricula-title">Curricula</h2>
      {data.overview.curricula.length === 0 ? (
        <p className="empty">No curricula yet.</p>
      ) : (
        <ul className="curricula" data-testid="curricula">
          {data.overview.curricula.map((curriculum) => (
            <li key={curriculum.id}>
              <strong>{curriculum.title}</strong> — each step passed {curriculum.passesInARow}× in a row to unlock the
              next: {curriculum.scenarioIds.map(titleOf).join(' → ')}
            </li>
          ))}
        </ul>
      )}
      <form className="curriculum-form" onSubmit={(event) => void submit(event)} aria-label="New curriculum">
        <h3>New curriculum</h3>
        <label>
          Title
          <input value={title} onChange={(event) => setTitle(event.target.value)} maxLength={120} required />
        </label>
        <label>
          Passes in a row to unlock the next step
          <input
            type="number"
            min={1}
            max={10}
            value={passes}
            onChange={(event) => setPasses(event.target.value)}
            required
          />
        </label>
        <ol className="curriculum-steps">
          {steps.map((id, index) => (
            <li key={`${id}-${index}`}>
              {titleOf(id)}{' '}
              <button type="button" className="secondary small" aria-label="Move up" onClick={() => move(index, -1)}>
                ↑
              </button>
              <button type="button" className="secondary small" aria-label="Move down" onClick={() => move(index, 1)}>
                ↓
              </button>
              <button
                type="button"
                className="secondary small"
                onClick={() => setSteps((current) => current.filter((_, i) => i !== index))}
              >
                Remove
              </button>
            </li>
          ))}
        </ol>
        <label>
          Add a case
          <select value={adding} onChange={(event) => setAdding(event.target.value)}>
            <option value="">Choose…</option>
            {data.cases.map((scenario) => (
              <option key={scenario.id} value={scenario.id}>
                {scenario.title}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="secondary"
          disabled={adding === ''}
          onClick={() => {
            setSteps((current) => [...current, adding]);
            setAdding('');
          }}
        >
          Add step
        </button>
        <button type="submit" disabled={state.busy || steps.length === 0}>
          Create curriculum
        </button>
        {state.error && (
          <p className="form-error" role="alert">
            {state.error}
          </p>
        )}
      </form>
    </section>
  );
}
