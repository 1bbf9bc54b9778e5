import { useState } from 'react';
import type { AttemptSummaryOutput } from '../../../../contract/calls.ts';
import type { ChartMetricKey } from '../../charts/chartData.ts';
import { LearningCurveChart } from '../../charts/LearningCurveChart.tsx';
import { MetricPicker } from '../../charts/MetricPicker.tsx';
import { routeHref } from '../../app/router.ts';
import { AttemptTable } from '../debrief/AttemptTable.tsx';

/**
 * One person's learning curve per case: pick the case and the metric (score, fluoroscopy time,
 * contrast, dose…), see it over their attempts, and open any attempt's debrief or replay.
 */
export function CaseCurves({ attempts }: { attempts: readonly AttemptSummaryOutput[] }) {
  const cases = [...new Map(attempts.map((attempt) => [attempt.scenarioId, attempt.scenarioTitle]))];
  const [chosen, setChosen] = useState<string | null>(null);
  const [metric, setMetric] = useState<ChartMetricKey>('score');
  if (cases.length === 0) return <p className="empty">No finished attempts yet.</p>;
  const scenarioId = chosen !== null && cases.some(([id]) => id === chosen) ? chosen : cases[0]![0];
  const ofCase = attempts.filter((attempt) => attempt.scenarioId === scenarioId);
  return (
    <div className="case-curves">
      <div className="chart-controls">
        <label>
          Case
          <select value={scenarioId} onChange={(event) => setChosen(event.target.value)}>
            {cases.map(([id, title]) => (
              <option key={id} value={id}>
                {title}
              </option>
            ))}
          </select>
        </label>
        <MetricPicker value={metric} onChange={setMetric} />
      </div>
      <LearningCurveChart attempts={ofCase} metric={metric} passMark={ofCase[0]?.passMark} />
      <AttemptTable
        attempts={ofCase}
        testId="case-attempts"
        action={(attempt) => (
          <>
            <a href={routeHref('debrief', attempt.id)}>Debrief</a> ·{' '}
            <a href={routeHref('replay', attempt.id)}>Watch replay</a>
          </>
        )}
      />
    </div>
  );
}
