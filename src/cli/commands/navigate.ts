import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { atlasNames, buildAtlas, type AtlasName } from '../../sim/anatomy/atlas/index.ts';
import { importVesselTreeFiles } from '../../sim/anatomy/import/index.ts';
import { createLumenIndex } from '../../sim/anatomy/lumen-index.ts';
import { findSegmentIndex, type VesselTree } from '../../sim/anatomy/model.ts';
import { findDevice, loadingProblem } from '../../sim/devices/catalogue.ts';
import { sheathInAccessVessel } from '../../sim/physics/access.ts';
import { navigateTo } from '../../sim/physics/autopilot.ts';
import { anatomyLumen } from '../../sim/physics/lumen-field.ts';
import { createPhysicsWorld } from '../../sim/physics/world.ts';
import { UsageError, type Command } from '../command.ts';

const defaultDevices = 'wire-035-angled-hydrophilic';
const defaultAccess = 'right-common-femoral';

export const navigateCommand: Command = {
  name: 'navigate',
  summary: 'drive a device stack from the access sheath to a vessel with the navigation autopilot',
  usage:
    'navigate --anatomy <neuro|body|tree.json> --to <vessel key> [--from <access vessel key>] ' +
    '[--devices <catalogue ids, outermost first>] [--seed N]',
  run(args) {
    const { values } = parseArgs({
      args,
      strict: true,
      options: {
        anatomy: { type: 'string' },
        to: { type: 'string' },
        from: { type: 'string' },
        devices: { type: 'string' },
        seed: { type: 'string' },
      },
    });
    if (!values.anatomy)
      throw new UsageError(`navigate: --anatomy is required (${atlasNames.join(', ')} or a tree .json)`);
    if (!values.to) throw new UsageError('navigate: --to <vessel key> is required');
    const tree = loadTree(values.anatomy, values.seed);
    const from = values.from ?? defaultAccess;
    for (const [flag, key] of [
      ['--to', values.to],
      ['--from', from],
    ] as const) {
      if (findSegmentIndex(tree, key) < 0)
        throw new UsageError(`navigate: ${flag}: ${tree.name} has no vessel "${key}"`);
    }
    const deviceIds = (values.devices ?? defaultDevices).split(',').map((id) => id.trim());
    for (const [i, id] of deviceIds.entries()) {
      try {
        findDevice(id);
      } catch {
        throw new UsageError(`navigate: --devices: no device "${id}" in the catalogue`);
      }
      if (i > 0) {
        const problem = loadingProblem(findDevice(id), findDevice(deviceIds[i - 1]!));
        if (problem) throw new UsageError(`navigate: --devices: ${problem}`);
      }
    }
    const index = createLumenIndex(tree);
    const world = createPhysicsWorld({
      lumen: anatomyLumen(index),
      sheath: sheathInAccessVessel(tree, from),
      // Each device runs in the one listed before it; the first goes in the sheath.
      devices: deviceIds.map((deviceId, i) => ({ deviceId, through: i - 1 })),
    });
    const result = navigateTo(world, tree, index, values.to, { fromKey: from });
    return {
      anatomy: tree.name,
      reached: result.reached,
      simulatedSeconds: round(result.simulatedSeconds, 3),
      path: result.path,
      plannedPath: result.plannedPath,
      maxWallPenetrationMm: round(result.maxWallPenetrationMm, 4),
      maxWallForceN: round(result.maxWallForceN, 4),
      devices: deviceIds,
    };
  },
};

function loadTree(source: string, seed: string | undefined): VesselTree {
  if ((atlasNames as readonly string[]).includes(source)) {
    const options: { seed?: number } = {};
    if (seed !== undefined) {
      const number = Number(seed);
      if (seed.trim() === '' || !Number.isInteger(number)) throw new UsageError(`--seed: "${seed}" is not an integer`);
      options.seed = number;
    }
    return buildAtlas(source as AtlasName, options);
  }
  if (!existsSync(source))
    throw new Error(`"${source}" is neither an atlas (${atlasNames.join(', ')}) nor an existing tree file`);
  return importVesselTreeFiles([{ name: basename(source), text: readFileSync(source, 'utf8') }]);
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
