import { describe, expect, it } from 'vitest';
import { beamSeries, injectionBars, wallForceSeries } from '../../../src/renderer/src/charts/debriefData.ts';
import { refluxGrade } from '../../../src/renderer/src/screens/debrief/OutcomeResults.tsx';
import type { AttemptScore } from '../../../src/sim/scoring/score.ts';
import type { SimEvent } from '../../../src/sim/simulation.ts';

const events: SimEvent[] = [
  { step: 120, kind: 'beam-on', mode: 'fluoro' },
  { step: 360, kind: 'beam-off' },
  { step: 600, kind: 'beam-on', mode: 'dsa' },
  { step: 612, kind: 'injection', rateMlPerS: 4, volumeMl: 8, vesselKey: 'celiac-trunk', throughDevice: 'c' },
  { step: 840, kind: 'beam-off' },
  {
    step: 7500,
    kind: 'injection',
    rateMlPerS: 1,
    volumeMl: 4,
    vesselKey: 'right-uterine',
    throughDevice: 'm',
    particleDiameterMm: 0.6,
  },
];

describe('debrief plots', () => {
  it('steps the beam on and off, telling fluoroscopy from acquisitions, to the end of the attempt', () => {
    expect(beamSeries(events, 70)).toEqual([
      { timeS: 0, fluoroscopy: 0, acquisition: 0 },
      { timeS: 1, fluoroscopy: 1, acquisition: 0 },
      { timeS: 3, fluoroscopy: 0, acquisition: 0 },
      { timeS: 5, fluoroscopy: 0, acquisition: 1 },
      { timeS: 7, fluoroscopy: 0, acquisition: 0 },
      { timeS: 70, fluoroscopy: 0, acquisition: 0 },
    ]);
  });

  it('gives one bar per injection, numbered, timed and marked when it carried particles', () => {
    expect(injectionBars(events)).toEqual([
      { label: '1 · 0:05', timeS: 5.1, volumeMl: 8, rateMlPerS: 4, vessel: 'celiac trunk', particles: false },
      { label: '2 · 1:02', timeS: 62.5, volumeMl: 4, rateMlPerS: 1, vessel: 'right uterine', particles: true },
    ]);
  });

  it('reads the wall-force trace at its interval, and nothing for a score stored before traces', () => {
    const score = { traces: { intervalS: 0.5, wallForceN: [0, 0.12, 0.3], wallForceLimitN: 0.5 } } as AttemptScore;
    expect(wallForceSeries(score)).toEqual([
      { timeS: 0.5, forceN: 0 },
      { timeS: 1, forceN: 0.12 },
      { timeS: 1.5, forceN: 0.3 },
    ]);
    expect(wallForceSeries({} as AttemptScore)).toEqual([]);
  });

  it('grades the particles that refluxed from the tip', () => {
    expect(refluxGrade(0, 0)).toBe('—');
    expect(refluxGrade(2, 0)).toBe('none');
    expect(refluxGrade(2, 0.05)).toBe('minor (3% of the particles)');
    expect(refluxGrade(2, 0.2)).toBe('moderate (10% of the particles)');
    expect(refluxGrade(2, 1)).toBe('marked (50% of the particles)');
  });
});
