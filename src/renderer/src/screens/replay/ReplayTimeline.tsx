import { formatTime } from '../../fluoro/formatTime.ts';
import { SIM_STEP_HZ } from '../../../../sim/version.ts';
import type { TimelineMarker } from './timelineMarkers.ts';

/** The playhead on a track of ticks, one per marker, and the markers listed in time order: click one to go there. */
export function ReplayTimeline({
  markers,
  step,
  totalSteps,
  onSeek,
}: {
  markers: readonly TimelineMarker[];
  step: number;
  totalSteps: number;
  onSeek(step: number): void;
}) {
  return (
    <>
      <div className="timeline-track">
        <input
          type="range"
          aria-label="Timeline"
          min={0}
          max={totalSteps}
          step={1}
          value={Math.min(step, totalSteps)}
          onChange={(event) => onSeek(Number(event.target.value))}
        />
        <div className="timeline-markers" aria-hidden="true">
          {markers.map((marker, i) => (
            <span
              key={i}
              className={`marker ${marker.kind}`}
              style={{ left: `${(100 * marker.step) / Math.max(1, totalSteps)}%` }}
              title={`${formatTime(marker.step / SIM_STEP_HZ)} ${marker.label}`}
            />
          ))}
        </div>
      </div>
      <ol className="timeline" data-testid="replay-markers">
        {markers.map((marker, i) => (
          <li key={i} className={marker.kind}>
            <button type="button" className="link" onClick={() => onSeek(marker.step)}>
              {formatTime(marker.step / SIM_STEP_HZ)}
            </button>{' '}
            {marker.label}
          </li>
        ))}
      </ol>
    </>
  );
}
