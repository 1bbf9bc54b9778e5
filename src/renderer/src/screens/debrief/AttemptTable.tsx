import type { ReactNode } from 'react';
import type { AttemptSummaryOutput } from '../../../../contract/calls.ts';

/** Finished attempts, newest first, with one action per row (open the debrief, watch the replay). */
export function AttemptTable({
  attempts,
  testId,
  action,
}: {
  attempts: readonly AttemptSummaryOutput[];
  testId: string;
  action(attempt: AttemptSummaryOutput): ReactNode;
}) {
  return (
    <table className="attempt-table" data-testid={testId}>
      <thead>
        <tr>
          <th>Finished</th>
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
