import type { AttemptSummaryOutput, Profile } from '../../../contract/calls.ts';
import type { AttemptScore } from '../../../sim/scoring/score.ts';

/**
 * What the training-program charts plot, computed from attempt summaries without React, so the
 * numbers a director reads under a chart are pinned by unit tests.
 */

/** A process metric the scorer records for every attempt (`AttemptScore['metrics']`). */
export type ScoreMetricKey = keyof AttemptScore['metrics'];
/** `score` is the attempt's total (0–100); the rest are its process metrics. */
export type ChartMetricKey = 'score' | ScoreMetricKey;

export interface ChartMetric {
  key: ChartMetricKey;
  /** Axis and picker label, with the unit. */
  label: string;
  /** The quantity alone, for sentences ("Fluoroscopy time over 5 attempts…"). */
  name: string;
  /** Unit written after a number in sentences; empty for scores and counts. */
  unit: string;
  /** True for dose, time, contrast and errors; false for the score. */
  lowerIsBetter: boolean;
  /** Decimal places worth reading for one attempt's value. */
  decimals: number;
  /** The attempt's value, or null when the attempt was scored before this metric was recorded. */
  value(attempt: AttemptSummaryOutput): number | null;
}

function processMetric(key: ScoreMetricKey, name: string, unit: string, decimals: number): ChartMetric {
  return {
    key,
    label: unit ? `${name} (${unit})` : name,
    name,
    unit,
    lowerIsBetter: true,
    decimals,
    value: (attempt) => attempt.metrics[key] ?? null,
  };
}

/** The metrics a director or trainee may plot, in the order the picker lists them. */
export const chartMetrics: readonly ChartMetric[] = [
  {
    key: 'score',
    label: 'Score (of 100)',
    name: 'Score',
    unit: '',
    lowerIsBetter: false,
    decimals: 0,
    value: (attempt) => attempt.total,
  },
  processMetric('totalTimeS', 'Total time', 's', 0),
  processMetric('fluoroscopyTimeS', 'Fluoroscopy time', 's', 0),
  processMetric('contrastMl', 'Contrast', 'mL', 1),
  processMetric('referenceAirKermaMGy', 'Reference air kerma', 'mGy', 1),
  processMetric('kermaAreaProductGyCm2', 'Kerma-area product', 'Gy·cm²', 2),
  processMetric('acquisitionRuns', 'Acquisition runs', '', 0),
  processMetric('acquisitionFrames', 'Acquisition frames', '', 0),
  processMetric('wallForceEvents', 'Wall-force events', '', 0),
  processMetric('maxWallForceN', 'Peak wall force', 'N', 2),
  processMetric('tipPathMm', 'Tip path', 'mm', 0),
  processMetric('tipJerkRms', 'Tip jerk RMS', 'mm/s³', 0),
];

const metricsByKey = new Map(chartMetrics.map((metric) => [metric.key, metric]));

export function isChartMetricKey(key: string): key is ChartMetricKey {
  return metricsByKey.has(key as ChartMetricKey);
}

export function chartMetric(key: ChartMetricKey): ChartMetric {
  const metric = metricsByKey.get(key);
  if (!metric) throw new Error(`No chart metric "${key}"; known: ${[...metricsByKey.keys()].join(', ')}`);
  return metric;
}

/** A value as the charts print it: the metric's decimals, and its unit when `withUnit`. */
export function formatMetricValue(
  metric: ChartMetric,
  value: number | null,
  { withUnit = false, extraDecimals = 0 } = {},
): string {
  if (value === null) return '—';
  const number = value.toLocaleString('en-GB', {
    minimumFractionDigits: metric.decimals + extraDecimals,
    maximumFractionDigits: metric.decimals + extraDecimals,
  });
  return withUnit && metric.unit ? `${number} ${metric.unit}` : number;
}

/** Oldest first: by finish time, then by id so attempts finished in the same instant keep one order. */
function byFinishTime(a: AttemptSummaryOutput, b: AttemptSummaryOutput): number {
  // NaN (an unparsable time) falls through to the id, like a tie.
  return Date.parse(a.finishedAt) - Date.parse(b.finishedAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function chronological(attempts: readonly AttemptSummaryOutput[]): AttemptSummaryOutput[] {
  return [...attempts].sort(byFinishTime);
}

function best(metric: ChartMetric, values: readonly number[]): number | null {
  if (values.length === 0) return null;
  return metric.lowerIsBetter ? Math.min(...values) : Math.max(...values);
}

function recorded(values: readonly (number | null)[]): number[] {
  return values.filter((value): value is number => value !== null);
}

export interface LearningCurvePoint {
  /** 1 for the first attempt, in the order they were finished. */
  attempt: number;
  value: number | null;
  passed: boolean;
  /** False when the main process's re-simulation did not reproduce the score (shown, but flagged). */
  verified: boolean;
  id: string;
  finishedAt: string;
}

/** Every attempt (mismatches included, flagged), oldest first, numbered from 1. */
export function learningCurve(
  attempts: readonly AttemptSummaryOutput[],
  metricKey: ChartMetricKey,
): LearningCurvePoint[] {
  const metric = chartMetric(metricKey);
  return chronological(attempts).map((attempt, index) => ({
    attempt: index + 1,
    value: metric.value(attempt),
    passed: attempt.passed,
    verified: attempt.verification === 'verified',
    id: attempt.id,
    finishedAt: attempt.finishedAt,
  }));
}

/** The learning curve in words, for the figure's caption and for screen readers. */
export function describeLearningCurve(
  points: readonly LearningCurvePoint[],
  metricKey: ChartMetricKey,
  passMark?: number,
): string {
  const metric = chartMetric(metricKey);
  const count = `${points.length} attempt${points.length === 1 ? '' : 's'}`;
  const values = recorded(points.map((point) => point.value));
  const first = values[0];
  const latest = values[values.length - 1];
  if (first === undefined || latest === undefined) return `${metric.name} was not recorded in ${count}.`;
  const show = (value: number | null) => formatMetricValue(metric, value, { withUnit: true });
  const parts = [
    points.length === 1
      ? `${metric.name} in 1 attempt: ${show(first)}`
      : `${metric.name} over ${count}: first ${show(first)}, latest ${show(latest)}, best ${show(best(metric, values))}`,
  ];
  if (values.length < points.length) parts.push(`not recorded in ${points.length - values.length}`);
  const passes = points.filter((point) => point.passed && point.verified).length;
  parts.push(
    metricKey === 'score' && passMark !== undefined
      ? `${passes} of ${points.length} passed (pass mark ${passMark})`
      : `${passes} of ${points.length} passed`,
  );
  const unverified = points.filter((point) => !point.verified).length;
  if (unverified > 0) parts.push(`${unverified} not verified`);
  return `${parts.join('; ')}.`;
}

export interface CohortRow {
  profileId: string;
  name: string;
  attempts: number;
  /** Passes the main process verified; a pass whose re-simulation disagreed is not counted. */
  passes: number;
  /** Attempts whose re-simulation did not reproduce the score (still in mean, best and latest). */
  unverified: number;
  /** Null when no attempt recorded the metric. */
  mean: number | null;
  /** Highest score, or lowest value of a lower-is-better metric. */
  best: number | null;
  /** The most recently finished attempt's value. */
  latest: number | null;
}

/** One row per trainee with attempts, by name; directors, and trainees who have not tried, are left out. */
export function cohortSummary(
  attempts: readonly AttemptSummaryOutput[],
  profiles: readonly Profile[],
  metricKey: ChartMetricKey,
): CohortRow[] {
  const metric = chartMetric(metricKey);
  const attemptsByProfile = new Map<string, AttemptSummaryOutput[]>();
  for (const attempt of chronological(attempts)) {
    const own = attemptsByProfile.get(attempt.profileId);
    if (own) own.push(attempt);
    else attemptsByProfile.set(attempt.profileId, [attempt]);
  }
  const rows: CohortRow[] = [];
  for (const profile of profiles) {
    const own = attemptsByProfile.get(profile.id);
    if (profile.role !== 'trainee' || !own) continue;
    const values = recorded(own.map((attempt) => metric.value(attempt)));
    rows.push({
      profileId: profile.id,
      name: profile.displayName,
      attempts: own.length,
      passes: own.filter((attempt) => attempt.passed && attempt.verification === 'verified').length,
      unverified: own.filter((attempt) => attempt.verification !== 'verified').length,
      mean: values.length > 0 ? values.reduce((sum, value) => sum + value, 0) / values.length : null,
      best: best(metric, values),
      latest: values[values.length - 1] ?? null,
    });
  }
  return rows.sort((a, b) => a.name.localeCompare(b.name, 'en-GB') || (a.profileId < b.profileId ? -1 : 1));
}

/** The cohort chart in words, for the figure's caption and for screen readers. */
export function describeCohort(rows: readonly CohortRow[], metricKey: ChartMetricKey): string {
  const metric = chartMetric(metricKey);
  if (rows.length === 0) return 'No trainee has finished an attempt yet.';
  const means = rows.map(
    (row) =>
      `${row.name} ${formatMetricValue(metric, row.mean, { withUnit: true, extraDecimals: meanExtraDecimals(metric) })}`,
  );
  const direction = metric.lowerIsBetter ? 'lower is better' : 'higher is better';
  return `${metric.name}, mean per trainee (${direction}): ${means.join(', ')}.`;
}

/** A mean of whole numbers (counts, whole seconds, scores) reads better with one decimal. */
export function meanExtraDecimals(metric: ChartMetric): number {
  return metric.decimals === 0 ? 1 : 0;
}
