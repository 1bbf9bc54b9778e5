import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { AttemptSummaryOutput, Profile } from '../../../contract/calls.ts';
import {
  chartMetric,
  cohortSummary,
  describeCohort,
  formatMetricValue,
  meanExtraDecimals,
  type ChartMetricKey,
} from './chartData.ts';
import { axisLabelStyle, axisTick, chartColours, defaultChartHeightPx, tooltipStyle } from './chartTheme.ts';

/** Each trainee's mean of one metric as a bar, with the same numbers in a table below. */
export function CohortChart({
  attempts,
  profiles,
  metric: metricKey,
  height = defaultChartHeightPx,
}: {
  attempts: readonly AttemptSummaryOutput[];
  profiles: readonly Profile[];
  metric: ChartMetricKey;
  height?: number;
}) {
  const metric = chartMetric(metricKey);
  const rows = cohortSummary(attempts, profiles, metricKey);
  if (rows.length === 0) return <p className="empty">No trainee has finished an attempt yet.</p>;
  const meanDecimals = meanExtraDecimals(metric);
  return (
    <div className="cohort">
      <figure className="chart" data-testid="cohort-chart" aria-label={`${metric.label}, mean per trainee`}>
        <ResponsiveContainer width="100%" height={height}>
          <BarChart data={rows} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
            <CartesianGrid stroke={chartColours.grid} strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="name" tick={axisTick} stroke={chartColours.grid} interval={0} />
            <YAxis
              domain={metricKey === 'score' ? [0, 100] : [0, 'auto']}
              tick={axisTick}
              stroke={chartColours.grid}
              tickFormatter={(value: number) => formatMetricValue(metric, value)}
              label={{
                value: metric.label,
                angle: -90,
                position: 'insideLeft',
                fill: chartColours.text,
                style: axisLabelStyle,
              }}
            />
            <Tooltip
              {...tooltipStyle}
              cursor={{ fill: chartColours.grid, fillOpacity: 0.4 }}
              formatter={(value) => [
                typeof value === 'number'
                  ? formatMetricValue(metric, value, { withUnit: true, extraDecimals: meanDecimals })
                  : '—',
                `Mean ${metric.name}`,
              ]}
            />
            <Bar dataKey="mean" fill={chartColours.line} maxBarSize={48} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
        <figcaption>{describeCohort(rows, metricKey)}</figcaption>
      </figure>
      <table className="cohort-table" data-testid="cohort-table">
        <caption>{metric.label} per trainee</caption>
        <thead>
          <tr>
            <th scope="col">Trainee</th>
            <th scope="col">Attempts</th>
            <th scope="col">Passes</th>
            <th scope="col">Mean</th>
            <th scope="col">Best ({metric.lowerIsBetter ? 'lowest' : 'highest'})</th>
            <th scope="col">Latest</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.profileId}>
              <th scope="row">{row.name}</th>
              <td>{row.attempts}</td>
              <td>
                {row.passes}
                {row.unverified > 0 && ` (${row.unverified} not verified)`}
              </td>
              <td>{formatMetricValue(metric, row.mean, { extraDecimals: meanDecimals })}</td>
              <td>{formatMetricValue(metric, row.best)}</td>
              <td>{formatMetricValue(metric, row.latest)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
