import {
  CartesianGrid,
  Dot,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { DotItemDotProps } from 'recharts';
import type { AttemptSummaryOutput } from '../../../contract/calls.ts';
import {
  chartMetric,
  describeLearningCurve,
  formatMetricValue,
  learningCurve,
  type ChartMetricKey,
  type LearningCurvePoint,
} from './chartData.ts';
import { axisLabelStyle, axisTick, chartColours, defaultChartHeightPx, tooltipStyle } from './chartTheme.ts';

/**
 * One person's attempts in the order they finished, one metric on the y axis: green dots passed,
 * red failed, hollow ones were not verified by the main process's re-simulation.
 */
export function LearningCurveChart({
  attempts,
  metric: metricKey,
  passMark,
  height = defaultChartHeightPx,
}: {
  attempts: readonly AttemptSummaryOutput[];
  metric: ChartMetricKey;
  /** Drawn as a dashed line when the metric is the score. */
  passMark?: number;
  height?: number;
}) {
  if (attempts.length === 0) return <p className="empty">No attempts yet.</p>;
  const metric = chartMetric(metricKey);
  const points = learningCurve(attempts, metricKey);
  const caption = describeLearningCurve(points, metricKey, passMark);
  return (
    <figure className="chart" data-testid="learning-curve" aria-label={`${metric.label} by attempt`}>
      <ResponsiveContainer width="100%" height={height}>
        <LineChart data={points} margin={{ top: 8, right: 16, bottom: 16, left: 8 }}>
          <CartesianGrid stroke={chartColours.grid} strokeDasharray="3 3" />
          <XAxis
            dataKey="attempt"
            tick={axisTick}
            stroke={chartColours.grid}
            label={{ value: 'Attempt', position: 'insideBottom', offset: -8, fill: chartColours.text }}
          />
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
            labelFormatter={(_label, payload) => tooltipTitle(payload[0]?.payload as LearningCurvePoint | undefined)}
            formatter={(value) => [
              typeof value === 'number' ? formatMetricValue(metric, value, { withUnit: true }) : '—',
              metric.name,
            ]}
          />
          {metricKey === 'score' && passMark !== undefined && (
            <ReferenceLine
              y={passMark}
              stroke={chartColours.pass}
              strokeDasharray="6 4"
              label={{ value: `Pass mark ${passMark}`, position: 'insideTopRight', fill: chartColours.text }}
            />
          )}
          <Line
            type="monotone"
            dataKey="value"
            stroke={chartColours.line}
            strokeWidth={2}
            dot={outcomeDot}
            activeDot={{ r: 6 }}
            // Drawn at once: nothing to wait for, and journeys compare still images.
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
      <figcaption>{caption}</figcaption>
    </figure>
  );
}

function outcomeDot({ cx, cy, payload }: DotItemDotProps) {
  const point = payload as LearningCurvePoint;
  if (cx === undefined || cy === undefined || point.value === null) return null;
  const colour = point.passed ? chartColours.pass : chartColours.fail;
  return (
    <Dot
      cx={cx}
      cy={cy}
      r={4}
      stroke={colour}
      strokeWidth={2}
      fill={point.verified ? colour : chartColours.background}
    />
  );
}

function tooltipTitle(point: LearningCurvePoint | undefined): string {
  if (!point) return '';
  const finished = new Date(point.finishedAt).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
  const outcome = `${point.passed ? 'pass' : 'fail'}${point.verified ? '' : ', not verified'}`;
  return `Attempt ${point.attempt} · ${finished} (${outcome})`;
}
