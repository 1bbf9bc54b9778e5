import { parseArgs } from 'node:util';
import { callService, dataDirOption, type Command } from '../command.ts';

export const infoCommand: Command = {
  name: 'info',
  summary: 'app and simulation-core versions, step rate and database schema',
  usage: 'info [--data-dir DIR]',
  run(args) {
    const { values } = parseArgs({ args, options: dataDirOption, strict: true });
    return callService(values['data-dir'], 'appInfo', {});
  },
};
