import { useState } from 'react';
import type { ChartMetricKey } from '../../charts/chartData.ts';
import { CohortChart } from '../../charts/CohortChart.tsx';
import { MetricPicker } from '../../charts/MetricPicker.tsx';
import type { ProgramData } from './DirectorScreen.tsx';

/** The cohort on one case and one metric: each trainee's mean, best and latest. */
export function CohortView({ data }: { data: ProgramData }) {
  const attempted = data.cases.filter((scenario) => data.attempts.some((a) => a.scenarioId === scenario.id));
  const [chosen, setChosen] = useState<string | null>(null);
  const [metric, setMetric] = useState<ChartMetricKey>('score');
  const scenarioId = chosen !== null && attempted.some((s) => s.id === chosen) ? chosen : attempted[0]?.id;
  return (
    <section aria-labelledby="cohort-title">
      <h2 id="cohort-title">Cohort</h2>
      {scenarioId === undefined ? (
        <p className="empty">No attempts yet.</p>
      ) : (
        <>
          <div className="chart-controls">
            <label>
              Case
              <select value={scenarioId} onChange={(event) => setChosen(event.target.value)}>
                {attempted.map((scenario) => (
                  <option key={scenario.id} value={scenario.id}>
                    {scenario.title}
                  </option>
                ))}
              </select>
            </label>
            <MetricPicker value={metric} onChange={setMetric} />
          </div>
          <CohortChart
            attempts={data.attempts.filter((attempt) => attempt.scenarioId === scenarioId)}
            profiles={data.trainees}
            metric={metric}
          />
        </>
      )}
    </section>
  );
}
