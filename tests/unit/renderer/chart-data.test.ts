import { describe, expect, it } from 'vitest';
import type { AttemptSummaryOutput, Profile } from '../../../src/contract/calls.ts';
import {
  chartMetric,
  chartMetrics,
  cohortSummary,
  describeCohort,
  describeLearningCurve,
  learningCurve,
} from '../../../src/renderer/src/charts/chartData.ts';

const ana = profile('00000000-0000-4000-8000-00000000000a', 'Ana', 'trainee');
const ben = profile('00000000-0000-4000-8000-00000000000b', 'Ben', 'trainee');
const cleo = profile('00000000-0000-4000-8000-00000000000c', 'Cleo', 'trainee');
const director = profile('00000000-0000-4000-8000-0000000000d1', 'Dr Director', 'director');

function profile(id: string, displayName: string, role: Profile['role']): Profile {
  return { id, displayName, role, trainingYear: null, createdAt: '2025-01-01T00:00:00.000Z' };
}

let nextId = 1;
function attempt(
  who: Profile,
  finishedAt: string,
  total: number,
  metrics: Record<string, number>,
  { passed = total >= 70, verification = 'verified' as AttemptSummaryOutput['verification'], id = '' } = {},
): AttemptSummaryOutput {
  return {
    id: id || `10000000-0000-4000-8000-${String(nextId++).padStart(12, '0')}`,
    profileId: who.id,
    scenarioId: 'drill-celiac',
    scenarioVersion: 1,
    scenarioTitle: 'Celiac drill',
    coreVersion: '1',
    startedAt: finishedAt,
    finishedAt,
    durationS: 600,
    total,
    passed,
    verification,
    assignmentId: null,
    passMark: 70,
    metrics,
  };
}

describe('chart metrics', () => {
  it('lists the score first, then process metrics that are better low, each with a unit in its label', () => {
    expect(chartMetrics[0]).toMatchObject({ key: 'score', label: 'Score (of 100)', lowerIsBetter: false });
    for (const key of ['totalTimeS', 'fluoroscopyTimeS', 'contrastMl', 'referenceAirKermaMGy'] as const) {
      expect(chartMetric(key).lowerIsBetter).toBe(true);
    }
    expect(chartMetric('fluoroscopyTimeS').label).toBe('Fluoroscopy time (s)');
    expect(chartMetric('kermaAreaProductGyCm2').label).toBe('Kerma-area product (Gy·cm²)');
    expect(new Set(chartMetrics.map((metric) => metric.key)).size).toBe(chartMetrics.length);
  });

  it('reads a metric the attempt did not record as null, not zero', () => {
    expect(chartMetric('tipJerkRms').value(attempt(ana, '2025-03-01T10:00:00Z', 50, {}))).toBeNull();
  });
});

describe('learning curve', () => {
  it('orders attempts by finish time, then id, and numbers them from 1', () => {
    const late = attempt(ana, '2025-03-03T09:00:00Z', 81, { fluoroscopyTimeS: 140 });
    const early = attempt(ana, '2025-03-01T09:00:00+02:00', 42, { fluoroscopyTimeS: 312 });
    const tieB = attempt(ana, '2025-03-02T09:00:00Z', 60, { fluoroscopyTimeS: 200 }, { id: 'b' });
    const tieA = attempt(ana, '2025-03-02T09:00:00Z', 55, { fluoroscopyTimeS: 220 }, { id: 'a' });
    const points = learningCurve([late, tieB, early, tieA], 'score');
    expect(points.map((point) => [point.attempt, point.value])).toEqual([
      [1, 42],
      [2, 55],
      [3, 60],
      [4, 81],
    ]);
    expect(learningCurve([late, early], 'fluoroscopyTimeS').map((point) => point.value)).toEqual([312, 140]);
  });

  it('keeps mismatched attempts but flags them, and carries each pass', () => {
    const points = learningCurve(
      [
        attempt(ana, '2025-03-01T09:00:00Z', 40, {}),
        attempt(ana, '2025-03-02T09:00:00Z', 90, {}, { verification: 'mismatch' }),
        attempt(ana, '2025-03-03T09:00:00Z', 75, {}),
      ],
      'score',
    );
    expect(points.map(({ passed, verified }) => ({ passed, verified }))).toEqual([
      { passed: false, verified: true },
      { passed: true, verified: false },
      { passed: true, verified: true },
    ]);
  });

  it('says in words what the chart shows', () => {
    const points = learningCurve(
      [
        attempt(ana, '2025-03-01T09:00:00Z', 42, {}),
        attempt(ana, '2025-03-02T09:00:00Z', 81, {}),
        attempt(ana, '2025-03-03T09:00:00Z', 64, {}, { verification: 'mismatch' }),
      ],
      'score',
    );
    expect(describeLearningCurve(points, 'score', 70)).toBe(
      'Score over 3 attempts: first 42, latest 64, best 81; 1 of 3 passed (pass mark 70); 1 not verified.',
    );
    const dose = learningCurve(
      [
        attempt(ana, '2025-03-01T09:00:00Z', 42, { fluoroscopyTimeS: 312 }),
        attempt(ana, '2025-03-02T09:00:00Z', 81, { fluoroscopyTimeS: 120 }),
        attempt(ana, '2025-03-03T09:00:00Z', 75, { fluoroscopyTimeS: 140 }),
      ],
      'fluoroscopyTimeS',
    );
    expect(describeLearningCurve(dose, 'fluoroscopyTimeS')).toBe(
      'Fluoroscopy time over 3 attempts: first 312 s, latest 140 s, best 120 s; 2 of 3 passed.',
    );
  });
});

describe('cohort summary', () => {
  const attempts = [
    attempt(ben, '2025-03-01T09:00:00Z', 50, { fluoroscopyTimeS: 300 }),
    attempt(ben, '2025-03-03T09:00:00Z', 80, { fluoroscopyTimeS: 180 }),
    attempt(ben, '2025-03-02T09:00:00Z', 74, { fluoroscopyTimeS: 150 }, { verification: 'mismatch' }),
    attempt(ana, '2025-03-01T10:00:00Z', 90, { fluoroscopyTimeS: 100 }),
    attempt(director, '2025-03-01T11:00:00Z', 99, { fluoroscopyTimeS: 60 }),
  ];
  const profiles = [ben, director, cleo, ana];

  it('gives one row per trainee with attempts, by name, leaving out directors and trainees who have not tried', () => {
    expect(cohortSummary(attempts, profiles, 'score').map((row) => row.name)).toEqual(['Ana', 'Ben']);
  });

  it('takes the lowest as best for a lower-is-better metric, and the most recent as latest', () => {
    const benRow = cohortSummary(attempts, profiles, 'fluoroscopyTimeS')[1];
    expect(benRow).toEqual({
      profileId: ben.id,
      name: 'Ben',
      attempts: 3,
      passes: 1,
      unverified: 1,
      mean: 210,
      best: 150,
      latest: 180,
    });
  });

  it('takes the highest score as best', () => {
    const benRow = cohortSummary(attempts, profiles, 'score')[1];
    expect(benRow).toMatchObject({ mean: 68, best: 80, latest: 80 });
  });

  it('averages only the attempts that recorded the metric', () => {
    const rows = cohortSummary(
      [attempt(cleo, '2025-03-01T09:00:00Z', 50, {}), attempt(cleo, '2025-03-02T09:00:00Z', 60, { tipJerkRms: 900 })],
      profiles,
      'tipJerkRms',
    );
    expect(rows).toMatchObject([{ attempts: 2, mean: 900, best: 900, latest: 900 }]);
  });

  it('says in words what the chart shows', () => {
    const rows = cohortSummary(attempts, profiles, 'fluoroscopyTimeS');
    expect(describeCohort(rows, 'fluoroscopyTimeS')).toBe(
      'Fluoroscopy time, mean per trainee (lower is better): Ana 100.0 s, Ben 210.0 s.',
    );
    expect(describeCohort([], 'score')).toBe('No trainee has finished an attempt yet.');
  });
});
