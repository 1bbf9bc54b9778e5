import { parseArgs } from 'node:util';
import { callNames, isCallName } from '../../contract/calls.ts';
import { callService, dataDirOption, UsageError, type Command } from '../command.ts';

/** Any contract call by name, exactly as the app makes it: what a screen can do, a script can. */
export const callCommand: Command = {
  name: 'call',
  summary: `any contract call with a JSON input (${callNames.join(', ')})`,
  usage: "call <name> ['<json input>'] [--data-dir DIR]",
  run(args) {
    const { values, positionals } = parseArgs({ args, options: dataDirOption, strict: true, allowPositionals: true });
    const [name, json] = positionals;
    if (!name || !isCallName(name)) {
      throw new UsageError(`call: "${name ?? ''}" is not a call; the calls are ${callNames.join(', ')}`);
    }
    let input: unknown = {};
    if (json !== undefined) {
      try {
        input = JSON.parse(json);
      } catch (error) {
        throw new UsageError(`call ${name}: the input is not JSON (${(error as Error).message})`);
      }
    }
    return callService(values['data-dir'], name, input);
  },
};
