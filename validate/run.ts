import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * `npm run validate` runs every `validate/*.validate.ts` (or `npm run validate -- <name>` one):
 * long seeded sweeps that check behaviour against the physics issue's bars, too slow for the unit
 * suite. Each sweep prints one JSON line per case; the latest figures go in validate/RESULTS.md.
 */
export interface Validation {
  name: string;
  description: string;
  run(report: (line: Record<string, unknown>) => void): Promise<void> | void;
}

const files = readdirSync(import.meta.dirname)
  .filter((file) => file.endsWith('.validate.ts'))
  .sort();
const validations: Validation[] = [];
for (const file of files) {
  const module = (await import(pathToFileURL(join(import.meta.dirname, file)).href)) as { validation: Validation };
  validations.push(module.validation);
}

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !validations.some((validation) => validation.name === name));
if (unknown.length > 0) {
  console.error(
    `validate: no sweep named ${unknown.join(', ')}; there are ${validations.map((v) => v.name).join(', ')}`,
  );
  process.exit(2);
}
for (const validation of validations) {
  if (wanted.length > 0 && !wanted.includes(validation.name)) continue;
  await validation.run((line) => console.log(JSON.stringify({ validation: validation.name, ...line })));
}
