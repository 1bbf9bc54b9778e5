import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ScenarioHeaderSchema, type ScenarioHeader } from '../../sim/scenario/header.ts';
import { describeSchemaIssues } from '../../sim/schema-errors.ts';

/**
 * The case library: every `*.json` file in the scenarios folder. A file that cannot be read is
 * reported with its name and the reason, and the others are still listed.
 */
export interface ScenarioLibrary {
  scenarios: ScenarioHeader[];
  problems: { file: string; message: string }[];
}

export function listScenarios(scenariosDir: string): ScenarioLibrary {
  let fileNames: string[];
  try {
    fileNames = readdirSync(scenariosDir).filter((name) => name.endsWith('.json'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { scenarios: [], problems: [] };
    throw error;
  }
  fileNames.sort();
  const library: ScenarioLibrary = { scenarios: [], problems: [] };
  for (const fileName of fileNames) {
    const result = readScenarioHeader(join(scenariosDir, fileName));
    if ('header' in result) library.scenarios.push(result.header);
    else library.problems.push({ file: fileName, message: result.problem });
  }
  library.scenarios.sort((a, b) => a.procedure.localeCompare(b.procedure) || a.title.localeCompare(b.title));
  return library;
}

function readScenarioHeader(filePath: string): { header: ScenarioHeader } | { problem: string } {
  const fileName = basename(filePath);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(filePath, 'utf8'));
  } catch (error) {
    return { problem: `${fileName}: not valid JSON (${(error as Error).message})` };
  }
  const result = ScenarioHeaderSchema.safeParse(parsed);
  if (!result.success) return { problem: `${fileName}: ${describeSchemaIssues(result.error.issues, parsed)}` };
  const expectedFileName = `${result.data.id}.json`;
  if (fileName !== expectedFileName) {
    return {
      problem: `${fileName}: id "${result.data.id}" does not match the file name (expected ${expectedFileName})`,
    };
  }
  return { header: result.data };
}
