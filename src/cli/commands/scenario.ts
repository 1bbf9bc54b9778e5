import { parseArgs } from 'node:util';
import { callService, dataDirOption, UsageError, type Command } from '../command.ts';

export const scenarioCommand: Command = {
  name: 'scenario',
  summary: 'the case library: `scenario list` prints every case and any unreadable file',
  usage: 'scenario list [--data-dir DIR]',
  run(args) {
    const [verb, ...rest] = args;
    const { values } = parseArgs({ args: rest, options: dataDirOption, strict: true });
    if (verb === 'list') return callService(values['data-dir'], 'scenarioList', {});
    throw new UsageError(`scenario: unknown subcommand "${verb ?? ''}"; usage: ${this.usage}`);
  },
};
