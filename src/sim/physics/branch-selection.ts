import { buildAtlas } from '../anatomy/atlas/index.ts';
import { createLumenIndex } from '../anatomy/lumen-index.ts';
import { sheathInAccessVessel } from './access.ts';
import { navigateTo, type NavigationResult } from './autopilot.ts';
import { anatomyLumen } from './lumen-field.ts';
import { createPhysicsWorld } from './world.ts';

/**
 * Branch selection, the basic skill of navigation: with the angled wire's tip at a bifurcation,
 * point the tip at a branch and advance, and the wire enters that branch; point it away, and it
 * goes the other way. A trial stages the wire with the autopilot (all retries allowed) in the
 * parent vessel, then gives it one attempt at the branch with the bend aimed at it (offset 0°) or
 * away from it (180°), and reports where the tip went.
 */
export interface Bifurcation {
  name: string;
  /** Vessel the tip is brought to first (from the right femoral sheath). */
  stageKey: string;
  /** Branch aimed at. */
  branchKey: string;
  /** Where the tip may go instead when aimed away ("the other" branch or the parent going on). */
  otherKeys: readonly string[];
  /** How far into the staging vessel the tip is brought (mm). */
  stageDepthMm: number;
}

export const bifurcations: readonly Bifurcation[] = [
  {
    name: 'arch: left subclavian',
    stageKey: 'aortic-arch',
    branchKey: 'left-subclavian',
    otherKeys: ['aortic-arch', 'ascending-aorta', 'left-cca', 'brachiocephalic-trunk'],
    stageDepthMm: 5,
  },
  {
    name: 'aortic bifurcation: crossover to the left common iliac',
    stageKey: 'right-common-iliac',
    branchKey: 'left-common-iliac',
    otherKeys: ['abdominal-aorta'],
    stageDepthMm: 15,
  },
  {
    name: 'right carotid bifurcation: external carotid',
    stageKey: 'right-cca',
    branchKey: 'right-eca',
    otherKeys: ['right-ica-cervical'],
    stageDepthMm: 30,
  },
  {
    name: 'right carotid bifurcation: internal carotid',
    stageKey: 'right-cca',
    branchKey: 'right-ica-cervical',
    otherKeys: ['right-eca'],
    stageDepthMm: 30,
  },
];

export type Aim = 'toward' | 'away';

export interface BranchTrial {
  seed: number;
  aim: Aim;
  /** The staging navigation reached the parent vessel. */
  staged: boolean;
  /** The tip entered the aimed-at branch. */
  enteredBranch: boolean;
  /** The tip entered one of `otherKeys` after the junction and never the branch. */
  wentOtherWay: boolean;
  /** Vessel the tip ended in. */
  endKey: string | null;
  path: string[];
  maxWallForceN: number;
}

export function branchSelectionTrial(
  bifurcation: Bifurcation,
  seed: number,
  aim: Aim,
  deviceId = 'wire-035-angled-hydrophilic',
): BranchTrial {
  const tree = buildAtlas('neuro', { seed });
  const index = createLumenIndex(tree);
  const world = createPhysicsWorld({
    lumen: anatomyLumen(index),
    sheath: sheathInAccessVessel(tree, 'right-common-femoral'),
    devices: [{ deviceId, through: -1 }],
  });
  // Deep enough in the parent that the next push meets the bifurcation, not the vessel's own origin.
  const stage = navigateTo(world, tree, index, bifurcation.stageKey, { arrivalDepthMm: bifurcation.stageDepthMm });
  const trial: BranchTrial = {
    seed,
    aim,
    staged: stage.reached,
    enteredBranch: false,
    wentOtherWay: false,
    endKey: stage.path[stage.path.length - 1] ?? null,
    path: stage.path,
    maxWallForceN: stage.maxWallForceN,
  };
  if (!stage.reached) return trial;
  const select: NavigationResult = navigateTo(world, tree, index, bifurcation.branchKey, {
    steerOffsetsDeg: [aim === 'toward' ? 0 : 180],
    attemptsPerJunction: 1,
    // One push with the tip aimed: no withdrawing to probe for the ostium afterwards.
    probeAfterMiss: false,
    maxSeconds: 20,
  });
  trial.enteredBranch = select.path.includes(bifurcation.branchKey);
  trial.endKey = select.path[select.path.length - 1] ?? null;
  trial.wentOtherWay = !trial.enteredBranch && bifurcation.otherKeys.includes(trial.endKey ?? '');
  trial.path = [...stage.path, ...select.path.slice(1)];
  trial.maxWallForceN = Math.max(stage.maxWallForceN, select.maxWallForceN);
  return trial;
}
