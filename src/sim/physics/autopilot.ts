import type { LumenIndex } from '../anatomy/lumen-index.ts';
import { createNearestResult, nearestCentrelinePoint, segmentAt } from '../anatomy/lumen-queries.ts';
import {
  createCentrelineProjection,
  projectOntoCentreline,
  segmentByKey,
  type VesselSegment,
  type VesselTree,
} from '../anatomy/model.ts';
import { pathBetween } from '../anatomy/vessel-path.ts';
import { SIM_STEP_HZ } from '../version.ts';
import { defaultAutopilotOptions, type AutopilotOptions } from './autopilot-options.ts';
import { layOutRoute, routeLength, type RouteLeg } from './autopilot-route.ts';
import { bendErrorDeg } from './tip-aim.ts';
import {
  maxWallForceN,
  maxWallPenetrationMm,
  setHubCommand,
  stepPhysics,
  type HubCommand,
  type PhysicsWorld,
} from './world.ts';

/**
 * A navigation autopilot: drives a device stack to a target vessel the way an operator does,
 * through hub commands only (advance/retract and rotate), never by moving nodes. Stepped once
 * per simulation step (`autopilotStep`), so the same controller can drive the live app and be
 * recorded as ordinary hub input.
 *
 * The route is the vessel path from where the tip is (or the access vessel) to the target
 * (`pathBetween`), laid out as one centreline walk: each vessel is entered at one arc length and
 * left at another (a child's origin on its parent, or a vessel's own origin when climbing to its
 * parent). The leading device (a shaped wire) is steered at each junction:
 *
 *  - cruise: advance; when the tip is within `approach` of the next junction (measured along the
 *    current vessel's centreline), slow down;
 *  - approach: turn the hub so the tip's bend (tip direction relative to the shaft) points at a
 *    waypoint just inside the next vessel, creeping forward until it does, then advance slowly;
 *  - enter: once the tip is in the next vessel, advance a short way before cruising;
 *  - retract: if the tip enters a vessel off the route, passes the junction, or stops making
 *    progress along the route, pull back behind the junction and try again with another bend
 *    offset and speed; give up after `attemptsPerJunction` tries or `maxSeconds`.
 *
 * Other devices in the stack (catheters) follow the leader over it, their tips `followGapMm` per
 * level behind its tip.
 */

export { defaultAutopilotOptions, type AutopilotOptions } from './autopilot-options.ts';

export type AutopilotPhase =
  'cruise' | 'approach' | 'avoid' | 'probe' | 'enter' | 'retract' | 'settle' | 'arrived' | 'failed';

export interface AutopilotState {
  world: PhysicsWorld;
  tree: VesselTree;
  index: LumenIndex;
  options: AutopilotOptions;
  leader: number;
  /** Stack level of each device below the leader (0 for the leader, 1 for the catheter it runs in…). */
  followLevel: Int32Array;
  /** Devices running inside the leader (a wire in a catheter that leads): kept `parkMm` behind its tip. */
  parkedInside: boolean[];
  route: RouteLeg[];
  /** Keys of the route's vessels. */
  pathKeys: string[];
  /** Route position of the tip: index of the leg it is in. */
  leg: number;
  phase: AutopilotPhase;
  /** Failed attempts per leg's exit junction. */
  attempts: Int32Array;
  /** Leg whose junction the current retract/settle/approach belongs to. */
  attemptLeg: number;
  phaseSteps: number;
  /** Tip's route distance still to go (mm), and the best seen with the insertion at that moment. */
  remainingMm: number;
  bestRemainingMm: number;
  insertedAtBestMm: number;
  /** Distance from the tip to the current leg's exit along its centreline (mm; negative past it). */
  aheadMm: number;
  /** Candidate vessel under the tip and for how many steps it has been there (debounce). */
  candidateSegment: number;
  candidateSteps: number;
  /** Vessel indices the tip has visited, in order, without repeats in a row. */
  visited: number[];
  /** Last bend error measured (deg), for display. */
  bendErrorDeg: number;
  /** One command per device: what the autopilot wants this step. */
  commands: HubCommand[];
  steps: number;
  maxWallPenetrationMm: number;
  maxWallForceN: number;
  scratch: {
    nearest: ReturnType<typeof createNearestResult>;
    point: Float64Array;
  };
}

/** Steps a vessel change must persist before the autopilot believes it (segment lookups flicker at ostia). */
const debounceSteps = 4;
/** Steps to hold still after a retract so the tip recovers its shape. */
const settleSteps = Math.round(0.25 * SIM_STEP_HZ);

/**
 * Sets up the autopilot for `world`, whose leading device will be driven to `targetKey`. The path
 * starts from the vessel the leader's tip is in, or `options.fromKey` when it is not in the body.
 */
export function createAutopilot(
  world: PhysicsWorld,
  tree: VesselTree,
  index: LumenIndex,
  targetKey: string,
  overrides: Partial<AutopilotOptions> = {},
): AutopilotState {
  const options: AutopilotOptions = { ...defaultAutopilotOptions, ...overrides };
  const leader = options.leaderIndex < 0 ? world.devices.length - 1 : options.leaderIndex;
  if (!world.devices[leader]) throw new Error(`no device ${leader} in the stack to lead`);
  segmentByKey(tree, targetKey);
  const followLevel = new Int32Array(world.devices.length).fill(-1);
  for (let level = 0, device = leader; device >= 0; level++, device = world.devices[device]!.outer) {
    followLevel[device] = level;
  }
  const parkedInside = world.devices.map((_, i) => {
    for (let device = world.devices[i]!.outer; device >= 0; device = world.devices[device]!.outer)
      if (device === leader) return true;
    return false;
  });
  const rod = world.devices[leader]!.rod;
  const tipSegment =
    rod.activeCount > 0 ? segmentAt(index, rod.positions[0]!, rod.positions[1]!, rod.positions[2]!) : -1;
  const fromKey = tipSegment >= 0 ? tree.segments[tipSegment]!.key : options.fromKey;
  const pathKeys = pathBetween(tree, fromKey, targetKey);
  // The first vessel is entered where the tip is, or at the access vessel's distal end (the sheath).
  const first = segmentByKey(tree, fromKey);
  const startArcMm =
    tipSegment >= 0
      ? projectOntoVessel(first, rod.positions[0]!, rod.positions[1]!, rod.positions[2]!)
      : first.arcMm[first.arcMm.length - 1]!;
  const route = layOutRoute(tree, pathKeys, startArcMm);
  const state: AutopilotState = {
    world,
    tree,
    index,
    options,
    leader,
    followLevel,
    parkedInside,
    route,
    pathKeys,
    leg: 0,
    phase: 'cruise',
    attempts: new Int32Array(route.length),
    attemptLeg: 0,
    phaseSteps: 0,
    remainingMm: Infinity,
    bestRemainingMm: Infinity,
    insertedAtBestMm: rod.insertedMm,
    aheadMm: Infinity,
    candidateSegment: route[0]!.segment,
    candidateSteps: 0,
    visited: [],
    bendErrorDeg: 0,
    commands: world.devices.map(() => ({ advanceMmPerS: 0, rotateDegPerS: 0 })),
    steps: 0,
    maxWallPenetrationMm: 0,
    maxWallForceN: 0,
    scratch: { nearest: createNearestResult(), point: new Float64Array(3) },
  };
  if (tipSegment >= 0) state.visited.push(tipSegment);
  return state;
}

/**
 * One control step: reads where the leader's tip is, advances the state machine and returns the
 * leader's hub command (the followers' are in `state.commands`). Apply them with
 * `applyAutopilotCommands` before `stepPhysics`.
 */
export function autopilotStep(state: AutopilotState): HubCommand {
  const { world, options } = state;
  const rod = world.devices[state.leader]!.rod;
  const command = state.commands[state.leader]!;
  state.steps++;
  state.phaseSteps++;
  if (state.phase === 'arrived' || state.phase === 'failed') {
    holdAll(state);
    return command;
  }
  if (state.steps / SIM_STEP_HZ > options.maxSeconds) {
    fail(state);
    return command;
  }
  if (rod.activeCount === 0) {
    command.advanceMmPerS = options.cruiseMmPerS;
    command.rotateDegPerS = 0;
    follow(state);
    return command;
  }
  const tipX = rod.positions[0]!;
  const tipY = rod.positions[1]!;
  const tipZ = rod.positions[2]!;
  const offRoute = observeTip(state, tipX, tipY, tipZ);
  measureRoute(state, tipX, tipY, tipZ);

  const last = state.route.length - 1;
  // Slid on past the junction into the vessel that carries straight on: a miss, not a wrong turn.
  const overshot = offRoute && state.leg < last && state.aheadMm < 0 && continuesPastJunction(state);
  if (state.phase === 'probe') {
    if (offRoute && !overshot && !startRetract(state)) return command;
  } else if (state.phase !== 'retract' && state.phase !== 'settle') {
    if (
      state.leg === last &&
      state.aheadMm <= routeLength(state.route[last]!) - arrivalDepthMm(state, state.route[last]!)
    ) {
      state.phase = 'arrived';
      holdAll(state);
      return command;
    }
    const legHere = state.route[state.leg]!;
    const missed = state.leg < last && (state.aheadMm < -legHere.missMm || overshot);
    const stalled = rod.insertedMm - state.insertedAtBestMm > options.stallMm;
    const canProbe = options.probeAfterMiss && legHere.steer && rod.shapedNodeCount > 0;
    if (missed && (!offRoute || overshot) && !stalled && canProbe) startProbe(state);
    else if (offRoute || missed || stalled) {
      if (!startRetract(state)) return command;
    }
  }

  switch (state.phase) {
    case 'cruise':
    case 'approach':
    case 'avoid': {
      steer(state, command);
      break;
    }
    case 'enter': {
      const leg = state.route[state.leg]!;
      command.rotateDegPerS = 0;
      command.advanceMmPerS = options.approachMmPerS;
      // Gently until the tip is well into the new vessel, so the shaft follows it in rather than
      // pushing it back out of a side branch it has only just caught.
      const depthMm = Math.min(routeLength(leg), options.enterDepthMm);
      if (routeLength(leg) - state.aheadMm > Math.max(depthMm, arrivalDepthMm(state, leg) + 5))
        enterPhase(state, 'cruise');
      break;
    }
    case 'probe': {
      probe(state, command);
      break;
    }
    case 'retract': {
      const leg = state.route[state.attemptLeg]!;
      command.rotateDegPerS = 0;
      command.advanceMmPerS = -options.retractMmPerS;
      // Only a steady reading counts: while the vessel under the tip is still being confirmed the
      // route leg (and the distance measured along it) may be the one the tip has just left.
      const steady = state.candidateSteps >= debounceSteps;
      const back =
        steady && (state.leg < state.attemptLeg || (state.leg === state.attemptLeg && state.aheadMm >= leg.approachMm));
      if ((back && !offRoute) || rod.insertedMm <= 1) {
        enterPhase(state, 'settle');
        state.leg = Math.min(state.leg, state.attemptLeg);
      }
      break;
    }
    case 'settle': {
      command.advanceMmPerS = 0;
      command.rotateDegPerS = 0;
      if (state.phaseSteps >= settleSteps) {
        state.bestRemainingMm = state.remainingMm;
        state.insertedAtBestMm = rod.insertedMm;
        enterPhase(state, 'cruise');
      }
      break;
    }
  }
  follow(state);
  return command;
}

/** Sets every device's hub to the autopilot's command for this step. */
export function applyAutopilotCommands(state: AutopilotState): void {
  for (let i = 0; i < state.commands.length; i++) setHubCommand(state.world, i, state.commands[i]!);
}

/** Records wall penetration and force after a physics step. */
export function recordAutopilotStep(state: AutopilotState): void {
  state.maxWallPenetrationMm = Math.max(state.maxWallPenetrationMm, maxWallPenetrationMm(state.world));
  state.maxWallForceN = Math.max(state.maxWallForceN, maxWallForceN(state.world));
}

export interface NavigationResult {
  reached: boolean;
  simulatedSeconds: number;
  /** Vessel keys the leader's tip visited, in order. */
  path: string[];
  /** The route the autopilot planned. */
  plannedPath: string[];
  maxWallPenetrationMm: number;
  maxWallForceN: number;
  /** Phase it ended in: `arrived`, or `failed` (out of attempts at a junction, or out of time). */
  phase: AutopilotPhase;
}

/** Runs the autopilot on `world` until it arrives at `targetKey` or gives up. */
export function navigateTo(
  world: PhysicsWorld,
  tree: VesselTree,
  index: LumenIndex,
  targetKey: string,
  options: Partial<AutopilotOptions> = {},
): NavigationResult {
  const state = createAutopilot(world, tree, index, targetKey, options);
  runAutopilot(state);
  return navigationResult(state);
}

/** Steps the world under the autopilot until it arrives or fails. */
export function runAutopilot(state: AutopilotState): void {
  while (state.phase !== 'arrived' && state.phase !== 'failed') {
    autopilotStep(state);
    applyAutopilotCommands(state);
    stepPhysics(state.world);
    recordAutopilotStep(state);
  }
}

export function navigationResult(state: AutopilotState): NavigationResult {
  return {
    reached: state.phase === 'arrived',
    simulatedSeconds: state.steps / SIM_STEP_HZ,
    path: state.visited.map((segment) => state.tree.segments[segment]!.key),
    plannedPath: state.pathKeys,
    maxWallPenetrationMm: state.maxWallPenetrationMm,
    maxWallForceN: state.maxWallForceN,
    phase: state.phase,
  };
}

/** Vessel key under the leader's tip (debounced), or null before it enters the body. */
export function tipVesselKey(state: AutopilotState): string | null {
  const last = state.visited[state.visited.length - 1];
  return last === undefined ? null : state.tree.segments[last]!.key;
}

/**
 * Cruise, or aim: at the next junction the bend points at the next vessel (with this attempt's
 * offset), at a side branch on the way it points away from it. The nearer of the two ahead wins.
 */
function steer(state: AutopilotState, command: HubCommand): void {
  const { options } = state;
  const rod = state.world.devices[state.leader]!.rod;
  const last = state.route.length - 1;
  if (state.phase === 'approach' && state.leg > state.attemptLeg) {
    enterPhase(state, 'enter');
    command.rotateDegPerS = 0;
    command.advanceMmPerS = options.approachMmPerS;
    return;
  }
  const leg = state.route[state.leg]!;
  let waypoint: Float64Array | null = null;
  let awayDeg = 0;
  let nearest = Infinity;
  if (state.leg < last && leg.steer && state.aheadMm <= leg.approachMm) {
    waypoint = leg.waypoint;
    nearest = state.aheadMm;
  }
  for (const side of leg.sideBranches) {
    const sideAhead = state.aheadMm - leg.direction * (leg.exitArcMm - side.arcMm);
    if (sideAhead < -side.clearMm || sideAhead > side.approachMm || sideAhead >= nearest) continue;
    waypoint = side.waypoint;
    awayDeg = 180;
    nearest = sideAhead;
  }
  if (waypoint === null || rod.shapedNodeCount === 0) {
    if (state.phase !== 'cruise') enterPhase(state, 'cruise');
    command.rotateDegPerS = 0;
    command.advanceMmPerS = options.cruiseMmPerS;
    return;
  }
  const phase = awayDeg === 0 ? 'approach' : 'avoid';
  if (state.phase !== phase) {
    enterPhase(state, phase);
    state.attemptLeg = state.leg;
  }
  const attempt = state.attempts[state.attemptLeg]!;
  const offsetDeg = options.steerOffsetsDeg[Math.min(attempt, options.steerOffsetsDeg.length - 1)] ?? 0;
  const error = bendErrorDeg(state.world.devices[state.leader]!.rod, waypoint, offsetDeg + awayDeg);
  state.bendErrorDeg = error;
  // Pointing anywhere in the half away from a side branch will do; the bend is not fought for.
  const tolerance = awayDeg === 0 ? options.alignToleranceDeg : 90;
  const aligned = Math.abs(error) <= tolerance;
  command.rotateDegPerS =
    aligned && awayDeg !== 0
      ? 0
      : clamp(error * options.rotateGainPerS, -options.maxRotateDegPerS, options.maxRotateDegPerS);
  const slow = attempt >= 3 ? 0.5 : 1;
  command.advanceMmPerS = aligned ? options.approachMmPerS * slow : options.creepMmPerS;
}

function enterPhase(state: AutopilotState, phase: AutopilotPhase): void {
  state.phase = phase;
  state.phaseSteps = 0;
}

function fail(state: AutopilotState): void {
  enterPhase(state, 'failed');
  holdAll(state);
}

/**
 * The tip has slid past the junction without dropping in: keep it aimed at the next vessel and
 * pull back slowly, sweeping the hub a few tens of degrees either way, so the shaped tip springs
 * into the ostium as it passes under it (what operators do at the arch: overshoot, aim, withdraw).
 */
function startProbe(state: AutopilotState): void {
  if (state.phase !== 'approach') state.attemptLeg = Math.max(0, Math.min(state.leg, state.route.length - 2));
  enterPhase(state, 'probe');
}

function probe(state: AutopilotState, command: HubCommand): void {
  const { options } = state;
  const leg = state.route[state.attemptLeg]!;
  if (state.leg > state.attemptLeg) {
    enterPhase(state, 'enter');
    command.rotateDegPerS = 0;
    command.advanceMmPerS = options.approachMmPerS;
    return;
  }
  if (state.aheadMm >= leg.approachMm) {
    // Back before the junction without catching it: a failed attempt; try again from here.
    if (++state.attempts[state.attemptLeg]! >= options.attemptsPerJunction) {
      fail(state);
      return;
    }
    enterPhase(state, 'settle');
    command.advanceMmPerS = 0;
    command.rotateDegPerS = 0;
    return;
  }
  const attempt = state.attempts[state.attemptLeg]!;
  const offsetDeg = options.steerOffsetsDeg[Math.min(attempt, options.steerOffsetsDeg.length - 1)] ?? 0;
  const error = bendErrorDeg(state.world.devices[state.leader]!.rod, leg.waypoint, offsetDeg);
  state.bendErrorDeg = error;
  const sweepDeg =
    options.probeSweepDeg * Math.sin((2 * Math.PI * state.phaseSteps) / (options.probeSweepPeriodS * SIM_STEP_HZ));
  command.rotateDegPerS = clamp(
    (error + sweepDeg) * options.rotateGainPerS,
    -options.maxRotateDegPerS,
    options.maxRotateDegPerS,
  );
  command.advanceMmPerS = -options.probeMmPerS;
}

/** Whether the vessel under the tip (off the route) is the current leg's vessel going on, or its parent or child. */
function continuesPastJunction(state: AutopilotState): boolean {
  const tip = state.candidateSegment;
  const vessel = state.route[state.leg]!.vessel;
  return (tip >= 0 && tip === vessel.parent) || vessel.children.includes(tip);
}

/** Counts a failed attempt at the current junction and pulls back; false when out of attempts. */
function startRetract(state: AutopilotState): boolean {
  const legIndex = Math.min(state.leg, state.route.length - 2);
  if (state.phase !== 'approach' && state.phase !== 'avoid' && state.phase !== 'enter')
    state.attemptLeg = Math.max(0, legIndex);
  const count = ++state.attempts[state.attemptLeg]!;
  if (count >= state.options.attemptsPerJunction) {
    fail(state);
    return false;
  }
  enterPhase(state, 'retract');
  return true;
}

function holdAll(state: AutopilotState): void {
  for (const command of state.commands) {
    command.advanceMmPerS = 0;
    command.rotateDegPerS = 0;
  }
}

/**
 * Debounced vessel under the tip: updates the visited list and the route leg. Returns whether the
 * tip is (steadily) in a vessel off the route.
 */
function observeTip(state: AutopilotState, x: number, y: number, z: number): boolean {
  const segment = segmentAt(state.index, x, y, z);
  if (segment < 0) return false;
  if (segment === state.candidateSegment) state.candidateSteps++;
  else {
    state.candidateSegment = segment;
    state.candidateSteps = 1;
  }
  if (state.candidateSteps < debounceSteps) return false;
  if (state.visited[state.visited.length - 1] !== segment) state.visited.push(segment);
  let legIndex = -1;
  for (let i = 0; i < state.route.length; i++) {
    if (state.route[i]!.segment === segment) {
      legIndex = i;
      break;
    }
  }
  if (legIndex < 0) return true;
  // Forward along the route at any time; backward only while retracting.
  if (legIndex > state.leg || state.phase === 'retract') state.leg = legIndex;
  return false;
}

/** Distance to the current leg's exit along its centreline, and to the target along the route. */
function measureRoute(state: AutopilotState, x: number, y: number, z: number): void {
  const leg = state.route[state.leg]!;
  const nearest = state.scratch.nearest;
  let arc: number;
  if (nearestCentrelinePoint(state.index, x, y, z, nearest) && nearest.segment === leg.segment) arc = nearest.arcMm;
  else arc = projectOntoVessel(leg.vessel, x, y, z);
  // Past a junction where the leg ends at the vessel's own origin (climbing to the parent), the
  // projection clamps at the origin; the next vessel's centreline tells how far past it the tip is.
  let ahead = leg.direction * (leg.exitArcMm - arc);
  const next = state.route[state.leg + 1];
  if (next && nearest.segment === next.segment && ahead <= 0.5) {
    ahead = -Math.max(0, next.direction * (nearest.arcMm - next.entryArcMm));
  }
  state.aheadMm = ahead;
  let remaining = Math.max(0, ahead);
  for (let i = state.leg + 1; i < state.route.length; i++) remaining += routeLength(state.route[i]!);
  if (state.leg === state.route.length - 1) remaining = ahead;
  state.remainingMm = remaining;
  const rod = state.world.devices[state.leader]!.rod;
  if (remaining < state.bestRemainingMm - 2) {
    state.bestRemainingMm = remaining;
    state.insertedAtBestMm = rod.insertedMm;
  }
}

/** How deep into the target the tip must be to have arrived (mm). */
function arrivalDepthMm(state: AutopilotState, leg: RouteLeg): number {
  return Math.min(state.options.arrivalDepthMm, routeLength(leg) / 2);
}

const projection = createCentrelineProjection();

/** Arc length of the closest point of a vessel's centreline to (x, y, z). */
function projectOntoVessel(vessel: VesselSegment, x: number, y: number, z: number): number {
  return projectOntoCentreline(vessel, x, y, z, projection).arcMm;
}

/** Followers keep their tips `followGapMm` per stack level behind the leader's tip. */
function follow(state: AutopilotState): void {
  const leaderRod = state.world.devices[state.leader]!.rod;
  const speed = state.options.cruiseMmPerS;
  for (let i = 0; i < state.commands.length; i++) {
    if (i === state.leader) continue;
    const command = state.commands[i]!;
    command.rotateDegPerS = 0;
    const level = state.followLevel[i]!;
    const parked = state.parkedInside[i]!;
    if (level <= 0 && !parked) {
      command.advanceMmPerS = 0;
      continue;
    }
    // Outer devices trail the leader; devices inside it stay parked just behind its tip.
    const gapMm = parked ? state.options.parkMm : level * state.options.followGapMm;
    const target = Math.max(0, leaderRod.insertedMm - gapMm);
    const rod = state.world.devices[i]!.rod;
    command.advanceMmPerS = clamp((target - rod.insertedMm) * 4, -speed, speed);
  }
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}
