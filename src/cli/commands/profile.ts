import { parseArgs } from 'node:util';
import { callService, dataDirOption, UsageError, type Command } from '../command.ts';

export const profileCommand: Command = {
  name: 'profile',
  summary: 'people on this workstation: list, create, rename',
  usage:
    'profile list [--data-dir DIR] | profile create --name NAME --role trainee|director [--data-dir DIR] | ' +
    'profile rename --id ID --name NAME [--data-dir DIR]',
  run(args) {
    const [verb, ...rest] = args;
    const { values } = parseArgs({
      args: rest,
      options: { ...dataDirOption, name: { type: 'string' }, role: { type: 'string' }, id: { type: 'string' } },
      strict: true,
    });
    const dataDir = values['data-dir'];
    switch (verb) {
      case 'list':
        return callService(dataDir, 'profileList', {});
      case 'create':
        return callService(dataDir, 'profileCreate', {
          displayName: required(values.name, '--name'),
          role: required(values.role, '--role'),
        });
      case 'rename':
        return callService(dataDir, 'profileRename', {
          profileId: required(values.id, '--id'),
          displayName: required(values.name, '--name'),
        });
      default:
        throw new UsageError(`profile: unknown subcommand "${verb ?? ''}"; usage: ${this.usage}`);
    }
  },
};

function required(value: string | undefined, flag: string): string {
  if (value === undefined) throw new UsageError(`profile: ${flag} is required`);
  return value;
}
