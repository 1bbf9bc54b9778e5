#!/usr/bin/env node
// The `ir-trainer` command: the CLI runs from TypeScript source under Node 24's type stripping.
import { runCli } from '../src/cli/main.ts';

process.exitCode = await runCli(process.argv.slice(2));
