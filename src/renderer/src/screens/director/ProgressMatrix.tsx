import { useState } from 'react';
import { api, errorMessage } from '../../app/api.ts';
import { aidsText, dueText, passMarkText, statusText } from '../program/assignmentText.ts';
import type { ProgramData } from './DirectorScreen.tsx';

/**
 * Who stands where: one row per trainee, one column per assignment still running, each cell the
 * trainee's status, attempts and best score there. A trainee's name opens their detail.
 */
export function ProgressMatrix({
  data,
  onSelectTrainee,
  onChange,
}: {
  data: ProgramData;
  onSelectTrainee: (profileId: string) => void;
  onChange: () => void;
}) {
  const { assignments, progress } = data.overview;
  const [error, setError] = useState<string>();
  async function withdraw(id: string, title: string) {
    if (!window.confirm(`Withdraw "${title}"? Attempts made under it stay in the records.`)) return;
    try {
      await api.assignmentDelete({ id });
      onChange();
    } catch (failure) {
      setError(errorMessage(failure));
    }
  }
  return (
    <section aria-labelledby="progress-title">
      <h2 id="progress-title">Progress</h2>
      {data.trainees.length === 0 ? (
        <p className="empty">No trainees yet.</p>
      ) : (
        <div className="table-scroll">
          <table className="progress-matrix" data-testid="progress-matrix">
            <thead>
              <tr>
                <th>Trainee</th>
                {assignments.map((assignment) => (
                  <th key={assignment.id} scope="col">
                    <div>{assignment.title}</div>
                    <div className="hint">
                      {dueText(assignment)} · pass mark {passMarkText(assignment)} ·{' '}
                      {assignment.attemptsAllowed === null
                        ? 'unlimited attempts'
                        : `${assignment.attemptsAllowed} attempts`}{' '}
                      · {aidsText(assignment)}
                    </div>
                    <button className="secondary small" onClick={() => void withdraw(assignment.id, assignment.title)}>
                      Withdraw
                    </button>
                  </th>
                ))}
                <th>Attempts</th>
              </tr>
            </thead>
            <tbody>
              {data.trainees.map((trainee) => (
                <tr key={trainee.id}>
                  <th scope="row">
                    <button className="link-button" onClick={() => onSelectTrainee(trainee.id)}>
                      {trainee.displayName}
                    </button>
                    {trainee.trainingYear !== null && <span className="hint"> PGY-{trainee.trainingYear}</span>}
                  </th>
                  {assignments.map((assignment) => {
                    const entry = progress.find((p) => p.assignmentId === assignment.id && p.profileId === trainee.id);
                    if (!entry)
                      return (
                        <td key={assignment.id} className="not-assigned">
                          —
                        </td>
                      );
                    const best = entry.steps.reduce<number | null>(
                      (max, step) => (step.bestScore === null ? max : Math.max(max ?? 0, step.bestScore)),
                      null,
                    );
                    return (
                      <td
                        key={assignment.id}
                        className={`status-${entry.status}${entry.overdue ? ' overdue' : ''}`}
                        data-testid={`status-${trainee.displayName}-${assignment.title}`}
                      >
                        {statusText(entry)}
                        <div className="hint">
                          {entry.attemptsUsed} attempts{best === null ? '' : ` · best ${best.toFixed(0)}`}
                        </div>
                      </td>
                    );
                  })}
                  <td>{data.attempts.filter((attempt) => attempt.profileId === trainee.id).length}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {assignments.length === 0 && <p className="empty">No assignments yet: add one below.</p>}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
