import { useEffect, useRef, useState } from 'react';
import type { AcquisitionRun } from './FluoroMonitor.tsx';

/**
 * The reference monitor: acquisitions of this session, the chosen one (the latest by default)
 * looping at its own frame rate, or stepped frame by frame when paused.
 */
export function ReferenceMonitor({ runs, sizePx }: { runs: readonly AcquisitionRun[]; sizePx: number }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [chosen, setChosen] = useState<number | null>(null);
  const [playing, setPlaying] = useState(true);
  const [frameIndex, setFrameIndex] = useState(0);
  const run = runs.find((candidate) => candidate.number === chosen) ?? runs[runs.length - 1] ?? null;

  useEffect(() => {
    if (!run || !playing || run.frames.length === 0) return;
    const timer = setInterval(
      () => setFrameIndex((index) => (index + 1) % run.frames.length),
      1000 / run.framesPerSecond,
    );
    return () => clearInterval(timer);
  }, [run, playing]);

  const frame = run && run.frames.length > 0 ? run.frames[frameIndex % run.frames.length] : undefined;
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    context.fillStyle = '#000';
    context.fillRect(0, 0, sizePx, sizePx);
    if (frame) context.drawImage(frame, 0, 0, sizePx, sizePx);
  }, [frame, sizePx]);

  return (
    <div className="monitor reference-monitor" data-testid="reference-monitor">
      <canvas ref={canvas} width={sizePx} height={sizePx} aria-label="Reference monitor" />
      <div className="monitor-overlay top-left">
        {run ? (
          <span data-testid="reference-run">
            Run {run.number} · {run.mode.toUpperCase()} {run.framesPerSecond} f/s · {run.projection} · frame{' '}
            {(frameIndex % Math.max(1, run.frames.length)) + 1}/{run.frames.length}
          </span>
        ) : (
          <span>Reference: no runs yet (hold X for a DSA run)</span>
        )}
      </div>
      {run && (
        <div className="monitor-overlay bottom-left monitor-controls">
          <select
            aria-label="Run shown"
            value={run.number}
            onChange={(event) => {
              setChosen(Number(event.target.value));
              setFrameIndex(0);
            }}
          >
            {runs.map((candidate) => (
              <option key={candidate.number} value={candidate.number}>
                Run {candidate.number} ({candidate.mode.toUpperCase()}, {candidate.projection})
              </option>
            ))}
          </select>
          <button type="button" className="secondary" onClick={() => setPlaying(!playing)}>
            {playing ? 'Pause' : 'Play'}
          </button>
          <button
            type="button"
            className="secondary"
            disabled={playing}
            onClick={() => setFrameIndex((index) => (index + 1) % Math.max(1, run.frames.length))}
          >
            Next frame
          </button>
        </div>
      )}
    </div>
  );
}
