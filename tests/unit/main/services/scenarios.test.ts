import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listScenarios } from '../../../../src/main/services/scenarios.ts';

const fixtures = join(import.meta.dirname, '../../../fixtures/scenarios');

describe('case library', () => {
  it('lists the valid cases and reports each unreadable file with its name and reason', () => {
    const library = listScenarios(fixtures);
    expect(library.scenarios.map((scenario) => scenario.id)).toEqual(['carotid-drill']);
    const byFile = Object.fromEntries(library.problems.map((problem) => [problem.file, problem.message]));
    expect(Object.keys(byFile).sort()).toEqual(['bad-procedure.json', 'broken-json.json', 'misnamed.json']);
    expect(byFile['broken-json.json']).toMatch(/^broken-json\.json: not valid JSON/);
    expect(byFile['bad-procedure.json']).toMatch(/^bad-procedure\.json: procedure: .*found "biopsy"/);
    expect(byFile['misnamed.json']).toMatch(/id "another-id" does not match the file name/);
  });

  it('is empty, not an error, when the library folder does not exist', () => {
    expect(listScenarios(join(fixtures, 'no-such-folder'))).toEqual({ scenarios: [], problems: [] });
  });
});
