import { chartMetrics, isChartMetricKey, type ChartMetricKey } from './chartData.ts';

/** Which metric the charts plot. */
export function MetricPicker({ value, onChange }: { value: ChartMetricKey; onChange(key: ChartMetricKey): void }) {
  return (
    <label className="metric-picker">
      Metric
      <select
        value={value}
        onChange={(event) => {
          if (isChartMetricKey(event.target.value)) onChange(event.target.value);
        }}
      >
        {chartMetrics.map((metric) => (
          <option key={metric.key} value={metric.key}>
            {metric.label}
          </option>
        ))}
      </select>
    </label>
  );
}
