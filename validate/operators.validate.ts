import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildAtlas } from '../src/sim/anatomy/atlas/index.ts';
import { parseScenario } from '../src/sim/scenario/scenario.ts';
import { runOperator, type OperatorKind } from '../src/sim/scenario/operators.ts';
import type { Validation } from './run.ts';

/**
 * The construct-validity check of the scored cases (issue #6): on every case, the expert operator
 * passes and its mean score over the seeds beats the novice's by a wide margin (bar: 20 points).
 * `SEEDS=n` sets how many seeds (default 10); `CASES=a,b` limits the cases.
 */
const seedCount = Number(process.env['SEEDS'] ?? 10);
const onlyCases = process.env['CASES']?.split(',');
const marginBar = 20;
const library = join(import.meta.dirname, '../assets/scenarios');

export const validation: Validation = {
  name: 'operators',
  description: 'expert vs novice operators on every case: pass rate and mean score over seeds',
  run(report) {
    const files = readdirSync(library)
      .filter((file) => file.endsWith('.json'))
      .sort();
    for (const file of files) {
      const id = file.replace(/\.json$/, '');
      if (onlyCases && !onlyCases.includes(id)) continue;
      const started = performance.now();
      const { scenario } = parseScenario(JSON.parse(readFileSync(join(library, file), 'utf8')), file);
      const results: Record<OperatorKind, { scores: number[]; passes: number; stops: string[] }> = {
        expert: { scores: [], passes: 0, stops: [] },
        novice: { scores: [], passes: 0, stops: [] },
      };
      for (let seed = 1; seed <= seedCount; seed++) {
        const played = { ...scenario, atlas: { ...scenario.atlas, seed } };
        const tree = buildAtlas(played.anatomy, played.atlas);
        for (const kind of ['expert', 'novice'] as const) {
          const run = runOperator(played, tree, kind, seed);
          results[kind].scores.push(run.score.total);
          if (run.score.passed) results[kind].passes++;
          if (run.stoppedBecause) results[kind].stops.push(`${seed}: ${run.stoppedBecause}`);
        }
      }
      const mean = (values: number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;
      const expertMean = mean(results.expert.scores);
      const noviceMean = mean(results.novice.scores);
      report({
        case: id,
        seeds: seedCount,
        expertPasses: results.expert.passes,
        expertMean: Number(expertMean.toFixed(1)),
        noviceMean: Number(noviceMean.toFixed(1)),
        margin: Number((expertMean - noviceMean).toFixed(1)),
        meetsBar: results.expert.passes === seedCount && expertMean - noviceMean >= marginBar,
        expertStops: results.expert.stops.slice(0, 3),
        seconds: Number(((performance.now() - started) / 1000).toFixed(1)),
      });
    }
  },
};
