import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * `npm run bench` runs every `bench/*.bench.ts`; `npm run bench -- <name>` runs one. Each
 * benchmark prints its figures as one JSON line. Never part of `npm test`: speed is measured
 * here, on a quiet machine, and recorded in bench/RESULTS.md.
 */
export interface Benchmark {
  name: string;
  description: string;
  run(): Promise<Record<string, unknown>> | Record<string, unknown>;
}

const files = readdirSync(import.meta.dirname)
  .filter((file) => file.endsWith('.bench.ts'))
  .sort();
const benchmarks: Benchmark[] = [];
for (const file of files) {
  const module = (await import(pathToFileURL(join(import.meta.dirname, file)).href)) as { benchmark: Benchmark };
  benchmarks.push(module.benchmark);
}

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !benchmarks.some((benchmark) => benchmark.name === name));
if (unknown.length > 0) {
  console.error(
    `bench: no benchmark named ${unknown.join(', ')}; there are ${benchmarks.map((b) => b.name).join(', ')}`,
  );
  process.exit(2);
}
for (const benchmark of benchmarks) {
  if (wanted.length > 0 && !wanted.includes(benchmark.name)) continue;
  const figures = await benchmark.run();
  console.log(JSON.stringify({ benchmark: benchmark.name, node: process.version, ...figures }));
}
