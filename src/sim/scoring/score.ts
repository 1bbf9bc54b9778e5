import type { VesselTree } from '../anatomy/model.ts';
import type { DeviceKind } from '../devices/catalogue.ts';
import type { Scenario, ScenarioObjective, ScenarioStep } from '../scenario/scenario.ts';
import { forceTraceHz } from '../handling.ts';
import type { SimEvent, Simulation } from '../simulation.ts';
import { SIM_STEP_HZ } from '../version.ts';
import { embolicObjectiveMetAt, errorSteps, isWithin, recanalizedAt } from './embolization.ts';

/**
 * The score of an attempt, computed only from what the simulation recorded: its event log (tips
 * entering vessels, runs, injections, wall-force events, aids) and its running tallies (dose,
 * contrast, handling). Four groups weighted by the case (`scoring.weights`, adding to 100):
 *
 * - procedure: the share of the case's judged steps completed (Crossley et al.: phases and steps);
 *   a step is judged when the case names what completes it (`doneWhen`). A case with no judged
 *   steps falls back to the share of objectives met.
 * - errors: starts full; each error costs a share of the group by severity (minor 10%, major 25%,
 *   critical all of it). Wall force over the case's limit is the case's "excess-wall-force" error.
 * - process: fluoroscopy time, contrast and reference air kerma against the case's limits, each
 *   full up to its limit and falling to nothing at twice it (feedback on radiation and contrast
 *   changes behaviour: DOMAIN.md, Su 2023).
 * Errors and process are credited in proportion to the share of objectives met, so doing nothing
 * (no errors, no dose) earns nothing.
 * - outcome: the share of the clinical objectives met (recanalize, embolize, stop a bleed); a
 *   drill without them counts its navigation objectives.
 *
 * Pass: the total reaches the pass mark and no critical error was made.
 */

export type ObjectiveResult = {
  id: string;
  text: string;
  kind: ScenarioObjective['kind'];
  met: boolean;
  /** When it was met (s), or null. */
  atS: number | null;
  /** False for kinds the simulation cannot judge yet: never met. */
  judged: boolean;
};

export interface ErrorResult {
  id: string;
  text: string;
  severity: 'minor' | 'major' | 'critical';
  times: number[];
}

export interface ProcessResult {
  metric: 'fluoroscopy-minutes' | 'contrast-ml' | 'reference-air-kerma-mgy';
  value: number;
  limit: number;
  /** 0–1: full up to the limit, nothing at twice it. */
  score: number;
}

export interface StepResult {
  id: string;
  text: string;
  /** False when the case names nothing that completes the step: shown, not scored. */
  judged: boolean;
  done: boolean;
  atS: number | null;
}

export interface PhaseResult {
  id: string;
  title: string;
  steps: StepResult[];
  /** Every judged step done (a phase with none judged is never complete). */
  complete: boolean;
}

export interface AttemptScore {
  total: number;
  passMark: number;
  passed: boolean;
  groups: Record<'procedure' | 'errors' | 'process' | 'outcome', { weight: number; earned: number }>;
  objectives: ObjectiveResult[];
  phases: PhaseResult[];
  errors: ErrorResult[];
  process: ProcessResult[];
  metrics: {
    totalTimeS: number;
    fluoroscopyTimeS: number;
    acquisitionRuns: number;
    acquisitionFrames: number;
    contrastMl: number;
    referenceAirKermaMGy: number;
    kermaAreaProductGyCm2: number;
    wallForceEvents: number;
    maxWallForceN: number;
    tipPathMm: number;
    /** Mean speed of the leading tip while it moved (mm/s). */
    tipSpeedMmPerS: number;
    /** Root-mean-square jerk of the leading tip (mm/s³): lower is smoother. */
    tipJerkRms: number;
    /** Seconds the 3D see-through view was shown. */
    seeThroughS: number;
    /** Thrombectomy passes, whether the first one reperfused to mTICI 2c or better (first-pass effect: 1 or 0), and fragments to a new territory. */
    thrombectomyPasses: number;
    firstPassEffect: number;
    newTerritoryEmboli: number;
    /** Particles delivered (mL), of them refluxed from the tip, and coils deployed. */
    particlesMl: number;
    particlesRefluxedMl: number;
    coilsDeployed: number;
  };
  /** Time series for the debrief's plots: the largest wall force in each interval (N). Absent in scores stored before it existed. */
  traces?: { intervalS: number; wallForceN: number[]; wallForceLimitN: number };
}

const penalty = { minor: 0.1, major: 0.25, critical: 1 } as const;
const catheterKinds: readonly DeviceKind[] = [
  'diagnostic-catheter',
  'guide-catheter',
  'balloon-guide-catheter',
  'aspiration-catheter',
  'microcatheter',
];
const clinicalKinds = new Set<ScenarioObjective['kind']>(['recanalize', 'embolize', 'stop-bleed']);
/** Objective kinds the simulation cannot judge (none now; kept for kinds added before their model). */
const unjudgedKinds = new Set<ScenarioObjective['kind']>([]);

export function scoreAttempt(scenario: Scenario, simulation: Simulation): AttemptScore {
  const events = simulation.events;
  const seconds = (step: number): number => step / SIM_STEP_HZ;
  const deviceKinds = simulation.physics.devices.map(({ rod }) => rod.device.kind);

  const objectives: ObjectiveResult[] = scenario.objectives.map((objective) => {
    const judged = !unjudgedKinds.has(objective.kind);
    const step =
      objective.kind === 'embolize' || objective.kind === 'stop-bleed'
        ? embolicObjectiveMetAt(objective, simulation.flow, events)
        : objective.kind === 'recanalize'
          ? recanalizedAt(objective, simulation.thrombectomy, simulation.flow, events)
          : judged
            ? firstStepMeeting(objective, events, simulation.tree, deviceKinds)
            : null;
    return {
      id: objective.id,
      text: objective.text,
      kind: objective.kind,
      met: step !== null,
      atS: step === null ? null : seconds(step),
      judged,
    };
  });

  const phases: PhaseResult[] = scenario.phases.map((phase) => {
    const steps = phase.steps.map((step): StepResult => {
      const when = step.doneWhen;
      if (!when) return { id: step.id, text: step.text, judged: false, done: false, atS: null };
      const at = stepDoneAtS(when, objectives, events, seconds);
      return { id: step.id, text: step.text, judged: true, done: at !== null, atS: at };
    });
    const judged = steps.filter((step) => step.judged);
    return {
      id: phase.id,
      title: phase.title,
      steps,
      complete: judged.length > 0 && judged.every((step) => step.done),
    };
  });
  const judgedSteps = phases.flatMap((phase) => phase.steps.filter((step) => step.judged));

  const wallForceTimes = events.filter((event) => event.kind === 'wall-force').map((event) => seconds(event.step));
  // The case's errors the log can show: wall force (by its `when`, or the id "excess-wall-force"
  // which every case's wall-force error has used), particles where they must not go, coils gone astray.
  const errors: ErrorResult[] = [];
  for (const error of scenario.errors) {
    const when = error.when ?? (error.id === 'excess-wall-force' ? { kind: 'wall-force' as const } : undefined);
    if (!when) continue;
    const times = errorSteps(when, events, simulation.tree).map(seconds);
    if (times.length > 0) errors.push({ id: error.id, text: error.text, severity: error.severity, times });
  }
  const wallForceJudged = scenario.errors.some(
    (error) => error.when?.kind === 'wall-force' || (error.when === undefined && error.id === 'excess-wall-force'),
  );
  if (wallForceTimes.length > 0 && !wallForceJudged) {
    errors.push({
      id: 'excess-wall-force',
      text: "Wall force above the vessel's limit",
      severity: 'major',
      times: wallForceTimes,
    });
  }

  const { dose } = simulation;
  const { limits, weights, passMark } = scenario.scoring;
  const against = (metric: ProcessResult['metric'], value: number, limit: number): ProcessResult => ({
    metric,
    value,
    limit,
    score: Math.max(0, Math.min(1, 2 - value / limit)),
  });
  const process = [
    against('fluoroscopy-minutes', dose.fluoroscopyTimeS / 60, limits.fluoroscopyMinutes),
    against('contrast-ml', simulation.flow.contrastInjectedMl, limits.contrastMl),
    against('reference-air-kerma-mgy', dose.referenceAirKermaMGy, limits.referenceAirKermaMGy),
  ];

  const share = (results: readonly ObjectiveResult[]): number =>
    results.length === 0 ? 0 : results.filter((result) => result.met).length / results.length;
  const clinical = objectives.filter((objective) => clinicalKinds.has(objective.kind));
  const errorCost = errors.reduce((sum, error) => sum + penalty[error.severity] * error.times.length, 0);
  // Care and economy are credited in proportion to the work done: an attempt that does nothing
  // makes no errors and uses no contrast, and earns nothing for it.
  const done = share(objectives);
  const stepsDone = judgedSteps.length > 0 ? judgedSteps.filter((step) => step.done).length / judgedSteps.length : done;
  const groups = {
    procedure: { weight: weights.procedure, earned: weights.procedure * stepsDone },
    errors: { weight: weights.errors, earned: done * weights.errors * Math.max(0, 1 - errorCost) },
    process: {
      weight: weights.process,
      earned: (done * weights.process * process.reduce((sum, result) => sum + result.score, 0)) / process.length,
    },
    outcome: { weight: weights.outcome, earned: weights.outcome * share(clinical.length > 0 ? clinical : objectives) },
  };
  const total = groups.procedure.earned + groups.errors.earned + groups.process.earned + groups.outcome.earned;
  const critical = errors.some((error) => error.severity === 'critical');
  const { metrics } = simulation;
  return {
    total,
    passMark,
    passed: total >= passMark && !critical,
    groups,
    objectives,
    phases,
    errors,
    process,
    metrics: {
      totalTimeS: seconds(simulation.stepCount),
      fluoroscopyTimeS: dose.fluoroscopyTimeS,
      acquisitionRuns: dose.acquisitionRuns,
      acquisitionFrames: Math.round(dose.acquisitionFrames),
      contrastMl: simulation.flow.contrastInjectedMl,
      referenceAirKermaMGy: dose.referenceAirKermaMGy,
      kermaAreaProductGyCm2: dose.kermaAreaProductGyCm2,
      wallForceEvents: wallForceTimes.length,
      maxWallForceN: metrics.maxWallForceN,
      tipPathMm: metrics.tipPathMm,
      tipSpeedMmPerS: metrics.tipMovingS > 0 ? metrics.tipPathMm / metrics.tipMovingS : 0,
      tipJerkRms: metrics.tipJerkSamples > 0 ? Math.sqrt(metrics.tipJerkSquaredSum / metrics.tipJerkSamples) : 0,
      seeThroughS: aidSeconds(events, 'see-through', simulation.stepCount),
      thrombectomyPasses: simulation.thrombectomy.passes,
      firstPassEffect:
        simulation.thrombectomy.firstPass?.captured === true &&
        (simulation.thrombectomy.firstPass.tici === '2c' || simulation.thrombectomy.firstPass.tici === '3')
          ? 1
          : 0,
      newTerritoryEmboli: events.reduce(
        (sum, event) =>
          sum + (event.kind === 'thrombectomy-pass' ? event.fragments.filter((f) => f.newTerritory).length : 0),
        0,
      ),
      particlesMl: simulation.flow.embolic.particlesDeliveredMl,
      particlesRefluxedMl: simulation.flow.embolic.particlesRefluxedMl,
      coilsDeployed: simulation.flow.embolic.coilsDeployed,
    },
    traces: {
      intervalS: 1 / forceTraceHz,
      wallForceLimitN: simulation.wallForceLimitN,
      wallForceN: Array.from(
        simulation.forceTrace.subarray(
          0,
          Math.min(simulation.forceTrace.length, Math.floor(simulation.stepCount / (SIM_STEP_HZ / forceTraceHz))),
        ),
        (value) => Math.round(value * 1e4) / 1e4,
      ),
    },
  };
}

/** When (s) a step's completion appears: its objective met, or the event it names; null if never. */
function stepDoneAtS(
  when: NonNullable<ScenarioStep['doneWhen']>,
  objectives: readonly ObjectiveResult[],
  events: readonly SimEvent[],
  seconds: (step: number) => number,
): number | null {
  if (when.kind === 'objective') return objectives.find((objective) => objective.id === when.objective)?.atS ?? null;
  const hit = events.find((event) =>
    when.kind === 'dsa-run'
      ? event.kind === 'acquisition-run' && event.mode === 'dsa'
      : when.kind === 'fluoroscopy'
        ? event.kind === 'beam-on'
        : event.kind === 'tip-entered' && event.vesselKey === when.vessel,
  );
  return hit ? seconds(hit.step) : null;
}

/** The step at which an objective was first met, or null. */
function firstStepMeeting(
  objective: ScenarioObjective,
  events: readonly SimEvent[],
  tree: VesselTree,
  deviceKinds: readonly DeviceKind[],
): number | null {
  if (objective.kind === 'reach') {
    const hit = events.find(
      (event) =>
        event.kind === 'tip-entered' &&
        event.vesselKey === objective.vessel &&
        (objective.by === 'any' || catheterKinds.includes(deviceKinds[event.device]!)),
    );
    return hit ? hit.step : null;
  }
  if (objective.kind === 'angiogram') {
    // An acquisition run in DSA during which contrast was injected into the vessel or a branch of it.
    let runStart: number | null = null;
    for (const event of events) {
      if (event.kind === 'acquisition-run') runStart = event.mode === 'dsa' ? event.step : null;
      else if (event.kind === 'beam-off') runStart = null;
      else if (event.kind === 'injection' && runStart !== null && isWithin(tree, event.vesselKey, objective.vessel))
        return event.step;
    }
    return null;
  }
  return null;
}

function aidSeconds(events: readonly SimEvent[], aid: 'see-through' | 'roadmap', endStep: number): number {
  let since: number | null = null;
  let steps = 0;
  for (const event of events) {
    if (event.kind !== 'aid' || event.aid !== aid) continue;
    if (event.on && since === null) since = event.step;
    if (!event.on && since !== null) {
      steps += event.step - since;
      since = null;
    }
  }
  if (since !== null) steps += endStep - since;
  return steps / SIM_STEP_HZ;
}
