import type { AttemptScore } from '../../../../sim/scoring/score.ts';
import { formatTime } from '../../fluoro/formatTime.ts';
import type { ImagingFrame } from '../../sim-worker/messages.ts';

/**
 * The attempt's process measures as they stood at the playhead (from the re-simulated frame),
 * beside what the whole attempt came to (the stored score's metrics): how far into its dose and
 * contrast the trainee was at this moment.
 */
export function PlayheadMetrics({
  imaging,
  elapsedS,
  whole,
}: {
  imaging: ImagingFrame | null;
  elapsedS: number;
  whole: AttemptScore['metrics'];
}) {
  const dose = imaging?.dose;
  const rows: { name: string; now: string; total: string; testId?: string }[] = [
    { name: 'Elapsed', now: withTenths(elapsedS), total: formatTime(whole.totalTimeS), testId: 'elapsed' },
    {
      name: 'Fluoro time',
      now: formatTime(dose?.fluoroscopyTimeS ?? 0),
      total: formatTime(whole.fluoroscopyTimeS),
      testId: 'fluoro-time',
    },
    { name: 'DSA/cine runs', now: String(dose?.acquisitionRuns ?? 0), total: String(whole.acquisitionRuns) },
    {
      name: 'Contrast',
      now: `${(imaging?.contrastInjectedMl ?? 0).toFixed(1)} mL`,
      total: `${whole.contrastMl.toFixed(1)} mL`,
      testId: 'contrast-total',
    },
    {
      name: 'Air kerma',
      now: `${(dose?.referenceAirKermaMGy ?? 0).toFixed(1)} mGy`,
      total: `${whole.referenceAirKermaMGy.toFixed(1)} mGy`,
      testId: 'air-kerma',
    },
    {
      name: 'DAP',
      now: `${(dose?.kermaAreaProductGyCm2 ?? 0).toFixed(2)} Gy·cm²`,
      total: `${whole.kermaAreaProductGyCm2.toFixed(2)} Gy·cm²`,
    },
  ];
  return (
    <table className="metric-table" data-testid="playhead-metrics">
      <thead>
        <tr>
          <th />
          <th scope="col">Now</th>
          <th scope="col">Whole attempt</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.name}>
            <th scope="row">{row.name}</th>
            <td data-testid={row.testId}>{row.now}</td>
            <td>{row.total}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** "1:05.3": the playhead moves in tenths of a second when stepped. */
function withTenths(seconds: number): string {
  const tenths = Math.floor((seconds * 10 + 1e-6) % 10);
  return `${formatTime(seconds)}.${tenths}`;
}
