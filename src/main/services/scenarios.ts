import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ApiError } from '../../contract/errors.ts';
import type { ScenarioHeader } from '../../sim/scenario/header.ts';
import { parseScenario, type Scenario } from '../../sim/scenario/scenario.ts';

/**
 * The case library: every `*.json` file in the scenarios folder, each checked in full (schema,
 * vessels against its anatomy, devices against the catalogue). A file that cannot be read is
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
  const result = readScenarioFile(filePath);
  if ('problem' in result) return result;
  const { id, version, title, procedure, anatomy, difficulty, summary } = result.scenario;
  return { header: { id, version, title, procedure, anatomy, difficulty, summary } };
}

/** Reads and checks one scenario file; the problem names the file, the field and the value. */
export function readScenarioFile(filePath: string): { scenario: Scenario } | { problem: string } {
  const fileName = basename(filePath);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(filePath, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { problem: `${fileName}: no such file` };
    return { problem: `${fileName}: not valid JSON (${(error as Error).message})` };
  }
  let scenario: Scenario;
  try {
    scenario = parseScenario(parsed, fileName).scenario;
  } catch (error) {
    return { problem: (error as Error).message };
  }
  const expectedFileName = `${scenario.id}.json`;
  if (fileName !== expectedFileName) {
    return {
      problem: `${fileName}: id "${scenario.id}" does not match the file name (expected ${expectedFileName})`,
    };
  }
  return { scenario };
}

/** One case of the library in full, by id; throws a clear error for an unknown id or a broken file. */
export function getScenario(scenariosDir: string, id: string): Scenario {
  const missing = new ApiError('not-found', `There is no case with id "${id}" in the library.`);
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id)) throw missing;
  const result = readScenarioFile(join(scenariosDir, `${id}.json`));
  if ('problem' in result) {
    if (result.problem.endsWith('no such file')) throw missing;
    throw new ApiError('internal', `The case file is broken: ${result.problem}`);
  }
  return result.scenario;
}
