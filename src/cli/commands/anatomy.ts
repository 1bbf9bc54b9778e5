import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { atlasNames, buildAtlas, type AtlasName, type AtlasOptions } from '../../sim/anatomy/atlas/index.ts';
import { importVesselTreeFiles } from '../../sim/anatomy/import/index.ts';
import { vesselTreeToFile } from '../../sim/anatomy/tree-file.ts';
import type { VesselTree } from '../../sim/anatomy/model.ts';
import { vesselStats } from '../../sim/anatomy/stats.ts';
import { writeFileAtomically } from '../../main/services/atomic-file.ts';
import { UsageError, type Command } from '../command.ts';

const importableExtensions = new Set(['.pth', '.ctgr', '.json']);

export const anatomyCommand: Command = {
  name: 'anatomy',
  summary: 'vessel trees: `anatomy stats` per-vessel length and diameters; `anatomy import` real models',
  usage:
    'anatomy stats <neuro|body|tree.json> [--seed N] [--arch I|II|III|bovine] [--ica-tortuosity 0..1] ' +
    '[--hepatic-variant standard|replaced-right-from-sma|replaced-left-from-left-gastric] [--fibroids] [--tumour] | ' +
    'anatomy import <files or project folder> --out tree.json',
  run(args) {
    const [verb, ...rest] = args;
    if (verb === 'stats') return stats(rest);
    if (verb === 'import') return importFiles(rest);
    throw new UsageError(`anatomy: unknown subcommand "${verb ?? ''}"; usage: ${this.usage}`);
  },
};

function stats(args: string[]) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      seed: { type: 'string' },
      arch: { type: 'string' },
      'ica-tortuosity': { type: 'string' },
      'hepatic-variant': { type: 'string' },
      fibroids: { type: 'boolean' },
      tumour: { type: 'boolean' },
    },
  });
  const [source] = positionals;
  if (!source) throw new UsageError(`anatomy stats: name an atlas (${atlasNames.join(', ')}) or a tree .json file`);
  let tree: VesselTree;
  if ((atlasNames as readonly string[]).includes(source)) {
    const options: Record<string, unknown> = {};
    if (values.seed !== undefined) options['seed'] = numberOption('--seed', values.seed);
    if (values.arch !== undefined) options['archType'] = values.arch;
    if (values['ica-tortuosity'] !== undefined)
      options['icaTortuosity'] = numberOption('--ica-tortuosity', values['ica-tortuosity']);
    if (values['hepatic-variant'] !== undefined) options['hepaticVariant'] = values['hepatic-variant'];
    if (values.fibroids) options['fibroids'] = true;
    if (values.tumour) options['hepaticTumour'] = true;
    tree = buildAtlas(source as AtlasName, options as AtlasOptions);
  } else {
    if (!existsSync(source)) {
      throw new Error(`"${source}" is neither an atlas (${atlasNames.join(', ')}) nor an existing tree file`);
    }
    tree = importVesselTreeFiles([readInput(source)]);
  }
  return { anatomy: tree.name, vessels: vesselStats(tree) };
}

function importFiles(args: string[]) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: { out: { type: 'string' } },
  });
  if (positionals.length === 0)
    throw new UsageError('anatomy import: give the .pth/.ctgr files, a project folder or a tree .json');
  if (!values.out) throw new UsageError('anatomy import: --out tree.json is required');
  const files = positionals.flatMap((path) => expand(resolve(path))).map(readInput);
  const tree = importVesselTreeFiles(files);
  const out = resolve(values.out);
  writeFileAtomically(out, `${JSON.stringify(vesselTreeToFile(tree))}\n`);
  const vessels = vesselStats(tree);
  return {
    anatomy: tree.name,
    out,
    vesselCount: vessels.length,
    totalLengthMm: Math.round(vessels.reduce((sum, vessel) => sum + vessel.lengthMm, 0) * 10) / 10,
    vessels,
  };
}

/** A folder stands for the model files in it (SimVascular keeps paths and contours in subfolders). */
function expand(path: string): string[] {
  let info;
  try {
    info = statSync(path);
  } catch {
    throw new Error(`${path}: no such file or folder`);
  }
  if (!info.isDirectory()) return [path];
  const found = readdirSync(path, { recursive: true, encoding: 'utf8' })
    .map((entry) => join(path, entry))
    .filter((entry) => importableExtensions.has(extname(entry)) && statSync(entry).isFile())
    .sort();
  if (found.length === 0) throw new Error(`${path}: no .pth, .ctgr or .json files in this folder`);
  return found;
}

function readInput(path: string): { name: string; text: string } {
  try {
    return { name: basename(path), text: readFileSync(path, 'utf8') };
  } catch (error) {
    throw new Error(`${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, {
      cause: error,
    });
  }
}

function numberOption(flag: string, value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number)) throw new UsageError(`${flag}: "${value}" is not a number`);
  return number;
}
