import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readScenarioFile } from '../../main/services/scenarios.ts';
import { callService, dataDirOption, shippedAssetsDir, UsageError, type Command } from '../command.ts';
import { runScenarioCommand } from './scenario-run.ts';

export const scenarioCommand: Command = {
  name: 'scenario',
  summary:
    'the case library: `scenario list` prints every case and any unreadable file; `scenario validate <file>` checks one',
  usage: 'scenario list [--data-dir DIR] | scenario validate <file.json>',
  run(args) {
    const [verb, ...rest] = args;
    if (verb === 'validate') {
      const [file, ...extra] = rest;
      if (!file || extra.length > 0) throw new UsageError('scenario validate: give exactly one scenario file');
      const result = readScenarioFile(resolve(file));
      if ('problem' in result) throw new Error(result.problem);
      const { scenario } = result;
      return {
        valid: true,
        id: scenario.id,
        version: scenario.version,
        title: scenario.title,
        procedure: scenario.procedure,
        anatomy: scenario.anatomy,
        objectives: scenario.objectives.length,
        phases: scenario.phases.length,
        steps: scenario.phases.reduce((sum, phase) => sum + phase.steps.length, 0),
        errors: scenario.errors.length,
        passMark: scenario.scoring.passMark,
      };
    }
    if (verb === 'run') return runScenarioCommand(rest, shippedAssetsDir);
    const { values } = parseArgs({ args: rest, options: dataDirOption, strict: true });
    if (verb === 'list') return callService(values['data-dir'], 'scenarioList', {});
    throw new UsageError(`scenario: unknown subcommand "${verb ?? ''}"; usage: ${this.usage}`);
  },
};
