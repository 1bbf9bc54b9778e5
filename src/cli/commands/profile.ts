import { parseArgs } from 'node:util';
import { callService, dataDirOption, UsageError, type Command } from '../command.ts';

/** People on the workstation. The command line acts as the workstation's operator (see session.ts). */
export const profileCommand: Command = {
  name: 'profile',
  summary: 'people on this workstation: list, create, rename, training year, director passphrase',
  usage:
    'profile list [--data-dir DIR] | profile create --name NAME --role trainee|director [--year N] ' +
    '[--passphrase P (directors)] [--data-dir DIR] | profile rename --id ID --name NAME [--data-dir DIR] | ' +
    'profile set-year --id ID --year N [--data-dir DIR] | profile set-passphrase --id ID --passphrase P [--data-dir DIR]',
  run(args) {
    const [verb, ...rest] = args;
    const { values } = parseArgs({
      args: rest,
      options: {
        ...dataDirOption,
        name: { type: 'string' },
        role: { type: 'string' },
        id: { type: 'string' },
        year: { type: 'string' },
        passphrase: { type: 'string' },
      },
      strict: true,
    });
    const dataDir = values['data-dir'];
    const year = values.year === undefined ? undefined : Number(values.year);
    switch (verb) {
      case 'list':
        return callService(dataDir, 'profileList', {});
      case 'create':
        return callService(dataDir, 'profileCreate', {
          displayName: required(values.name, '--name'),
          role: required(values.role, '--role'),
          ...(year === undefined ? {} : { trainingYear: year }),
          ...(values.passphrase === undefined ? {} : { passphrase: values.passphrase }),
        });
      case 'rename':
        return callService(dataDir, 'profileUpdate', {
          profileId: required(values.id, '--id'),
          displayName: required(values.name, '--name'),
        });
      case 'set-year':
        return callService(dataDir, 'profileUpdate', {
          profileId: required(values.id, '--id'),
          trainingYear: Number(required(values.year, '--year')),
        });
      case 'set-passphrase':
        // The operator may set a forgotten passphrase; the current one is not asked for.
        return callService(dataDir, 'profileSetPassphrase', {
          profileId: required(values.id, '--id'),
          currentPassphrase: '',
          newPassphrase: required(values.passphrase, '--passphrase'),
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
