import type { ReactNode } from 'react';
import type { AttemptSummaryOutput } from '../../../../contract/calls.ts';

/**
 * Finished attempts, newest first, with one action per row (open the debrief, watch the replay).
 * `trainee`, when given, adds a column naming who made each attempt (lists of several people's).
 */
export function AttemptTable({
  attempts,
  testId,
  action,
  trainee,
}: {
  attempts: readonly AttemptSummaryOutput[];
  testId: string;
  action(attempt: AttemptSummaryOutput): ReactNode;
  trainee?(attempt: AttemptSummaryOutput): ReactNode;
}) {
  return (
    <table className="attempt-table" data-testid={testId}>
      <thead>
        <tr>
          <th>Finished</th>
          {trainee && <th>Trainee</th>}
          <th>Case</th>
          <th>Score</th>
          <th>Result</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {attempts.map((attempt) => (
          <tr key={attempt.id}>
            <td>{new Date(attempt.finishedAt).toLocaleString('en-GB')}</td>
            {trainee && <td>{trainee(attempt)}</td>}
            <td>{attempt.scenarioTitle}</td>
            <td>{attempt.total.toFixed(0)}</td>
            <td>{attempt.verification === 'mismatch' ? 'not verified' : attempt.passed ? 'pass' : 'fail'}</td>
            <td>{action(attempt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
