import { anatomyCommand } from './commands/anatomy.ts';
import { callCommand } from './commands/call.ts';
import { doseCommand } from './commands/dose.ts';
import { infoCommand } from './commands/info.ts';
import { navigateCommand } from './commands/navigate.ts';
import { profileCommand } from './commands/profile.ts';
import { recordsCommand } from './commands/records.ts';
import { replayCommand } from './commands/replay.ts';
import { scenarioCommand } from './commands/scenario.ts';
import { UsageError, type Command } from './command.ts';

/** `npm run cli -- <command> …` (also the `ir-trainer` bin): the app headless, JSON out. */

const commands: readonly Command[] = [
  infoCommand,
  scenarioCommand,
  profileCommand,
  recordsCommand,
  anatomyCommand,
  navigateCommand,
  replayCommand,
  doseCommand,
  callCommand,
];

function helpText(): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  return [
    'IR Trainer command line. Output is JSON; errors are one line on stderr with a non-zero exit.',
    '',
    'usage: npm run cli -- <command> [options]',
    '',
    'commands:',
    ...commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    "Data commands use the desktop app's data folder unless --data-dir DIR is given.",
    "`npm run cli -- <command> --help` shows one command's usage.",
  ].join('\n');
}

export async function runCli(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(helpText());
    return 0;
  }
  const command = commands.find((candidate) => candidate.name === name);
  try {
    if (!command) throw new UsageError(`unknown command "${name}"; run with --help for the list`);
    if (args.includes('--help') || args.includes('-h')) {
      console.log(`usage: npm run cli -- ${command.usage}`);
      return 0;
    }
    const result = await command.run(args);
    console.log(JSON.stringify(result, null, 2));
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`ir-trainer: ${message.split('\n')[0]}`);
    return error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ? 2 : 1;
  }
}

if (import.meta.main) {
  process.exitCode = await runCli(process.argv.slice(2));
}
