import { z } from 'zod';
import { AtlasOptionsSchema, buildAtlas } from '../anatomy/atlas/index.ts';
import { findSegmentIndex, segmentLengthMm, type VesselTree } from '../anatomy/model.ts';
import { deviceCatalogue, findDevice, loadingProblem } from '../devices/catalogue.ts';
import { parseOrThrow, SchemaError } from '../schema-errors.ts';
import { ScenarioHeaderSchema } from './header.ts';

/**
 * A whole case as a versioned JSON file: the header the library lists, then the patient (atlas,
 * its variant and seed, thickness for dose), the pathology (clots, bleeding points, flow), the
 * devices on the table and the stack they start loaded in, the aids allowed, working views,
 * objectives, phases and steps, errors, and the scoring (metric weights and the pass mark).
 *
 * `parseScenario` checks the shape with zod and then what a schema cannot see: that every vessel
 * named exists in the case's anatomy (and every arc lies on it), every device is in the
 * catalogue and the starting stack loads. Errors name the field path and the value.
 */

/** The version of this file format (not of a case: that is `version`). */
export const scenarioFormat = 1;

const Key = z.string().regex(/^[a-z0-9]+(-[a-z0-9.]+)*$/, 'must be lower-case words joined by hyphens');

const ClotSchema = z
  .object({
    /** The vessel the clot sits in, and where along it (mm from the vessel's origin). */
    vessel: Key,
    arcMm: z.number().nonnegative(),
    lengthMm: z.number().positive().max(60),
    /** Fibrin-rich firm clots resist aspiration and slip from retrievers; soft ones fragment (est.). */
    firmness: z.enum(['soft', 'mixed', 'firm']),
  })
  .strict();

const BleedSchema = z
  .object({
    vessel: Key,
    arcMm: z.number().nonnegative(),
    /** Share of the local blood flow that leaks out of the vessel there. */
    shareOfFlow: z.number().gt(0).max(0.5),
  })
  .strict();

const ObjectiveSchema = z.discriminatedUnion('kind', [
  /** Bring a device's tip into a vessel: any device's, or a catheter's (guide, diagnostic, micro, aspiration). */
  z
    .object({
      id: Key,
      kind: z.literal('reach'),
      text: z.string().min(1),
      vessel: Key,
      by: z.enum(['any', 'catheter']).default('any'),
    })
    .strict(),
  /** A DSA run with contrast injected into a vessel (a diagnostic angiogram). */
  z.object({ id: Key, kind: z.literal('angiogram'), text: z.string().min(1), vessel: Key }).strict(),
  /** Reopen a clot to at least this mTICI grade. */
  z
    .object({
      id: Key,
      kind: z.literal('recanalize'),
      text: z.string().min(1),
      clot: z.number().int().nonnegative(),
      minimumTici: z.enum(['2a', '2b', '2c', '3']),
    })
    .strict(),
  /** Stop the flow in a vessel (coils, particles) while the vessels to protect keep theirs. */
  z
    .object({
      id: Key,
      kind: z.literal('embolize'),
      text: z.string().min(1),
      vessel: Key,
      endpoint: z.enum(['stasis', 'near-stasis']),
      protect: z.array(Key).default([]),
    })
    .strict(),
  /** Stop a bleeding point. */
  z
    .object({ id: Key, kind: z.literal('stop-bleed'), text: z.string().min(1), bleed: z.number().int().nonnegative() })
    .strict(),
]);

/**
 * What completes a step, read from the event log: an objective met, a DSA run, fluoroscopy, or a
 * device's tip reaching a vessel. A step without one is shown but not judged.
 */
const StepDoneWhenSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('objective'), objective: Key }).strict(),
  z.object({ kind: z.literal('dsa-run') }).strict(),
  z.object({ kind: z.literal('fluoroscopy') }).strict(),
  z.object({ kind: z.literal('tip-in'), vessel: Key }).strict(),
]);
const StepSchema = z.object({ id: Key, text: z.string().min(1), doneWhen: StepDoneWhenSchema.optional() }).strict();
const PhaseSchema = z.object({ id: Key, title: z.string().min(1), steps: z.array(StepSchema).min(1) }).strict();
/**
 * What in the event log counts as an error: wall force over the limit, particles lodged in
 * vessels to protect (or their beds), particles smaller than a size, a coil that migrated or
 * herniated, clot fragments embolized in a pass. An error without one is shown in the briefing
 * but not judged (yet).
 */
const ErrorWhenSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('wall-force') }).strict(),
  z.object({ kind: z.literal('particles-in'), vessels: z.array(Key).min(1) }).strict(),
  z.object({ kind: z.literal('particles-under'), diameterMm: z.number().positive() }).strict(),
  z.object({ kind: z.literal('coil'), outcome: z.enum(['migrated', 'herniated']) }).strict(),
  /** Clot fragments embolized in a pass: to a new territory only, or anywhere downstream. */
  z.object({ kind: z.literal('fragments'), newTerritory: z.boolean() }).strict(),
]);
export type ScenarioErrorWhen = z.output<typeof ErrorWhenSchema>;
const ErrorSchema = z
  .object({
    id: Key,
    text: z.string().min(1),
    severity: z.enum(['minor', 'major', 'critical']),
    when: ErrorWhenSchema.optional(),
  })
  .strict();

/** How the total out of 100 is made: the weights of the metric groups, which must add up to 100. */
const WeightsSchema = z
  .object({
    /** Phases and steps completed (the Crossley approach). */
    procedure: z.number().min(0).max(100),
    /** Errors made (each costs by severity). */
    errors: z.number().min(0).max(100),
    /** Time, fluoroscopy, runs, contrast, dose, wall force, tip smoothness. */
    process: z.number().min(0).max(100),
    /** The clinical result: reperfusion, occlusion, non-target embolization. */
    outcome: z.number().min(0).max(100),
  })
  .strict();

export const ScenarioSchema = ScenarioHeaderSchema.extend({
  format: z.literal(scenarioFormat),
  /** The clinical story told at the briefing. */
  history: z.string().min(1).max(3000),
  /** The atlas options (arch type, variants) and the seed of its anatomical variation. */
  atlas: AtlasOptionsSchema,
  patient: z
    .object({
      weightKg: z.number().min(30).max(250),
      /** Front-to-back thickness along an AP beam at the region treated (cm): the dose model's patient. */
      thicknessCm: z.number().min(5).max(50),
    })
    .strict(),
  access: z
    .object({
      vessel: Key,
      sheath: z.string(),
    })
    .strict(),
  pathology: z
    .object({
      clots: z.array(ClotSchema).default([]),
      bleeds: z.array(BleedSchema).default([]),
      /** Share of the parent's flow a vessel takes, where the case overrides Murray's law. */
      flowShare: z.record(Key, z.number().gt(0).max(1)).default({}),
    })
    .strict()
    .default({ clots: [], bleeds: [], flowShare: {} }),
  devices: z
    .object({
      /** Catalogue ids the trainee may use, in the order the table shows them. */
      onTable: z.array(z.string()).min(1),
      /** What is loaded at the start: outermost first, each through an earlier one (-1: the sheath). */
      initialStack: z.array(z.object({ deviceId: z.string(), through: z.number().int().min(-1) }).strict()).min(1),
    })
    .strict(),
  aids: z.object({ seeThrough: z.boolean(), roadmap: z.boolean() }).strict(),
  workingProjections: z
    .array(
      z
        .object({
          name: z.string().min(1).max(40),
          laoDeg: z.number().min(-120).max(120),
          cranDeg: z.number().min(-45).max(45),
        })
        .strict(),
    )
    .default([]),
  objectives: z.array(ObjectiveSchema).min(1),
  phases: z.array(PhaseSchema).min(1),
  errors: z.array(ErrorSchema).default([]),
  scoring: z
    .object({
      weights: WeightsSchema,
      passMark: z.number().min(0).max(100),
      /** Limits the process metrics are judged against. */
      limits: z
        .object({
          fluoroscopyMinutes: z.number().positive(),
          contrastMl: z.number().positive(),
          referenceAirKermaMGy: z.number().positive(),
          /** Wall force above this, at any node, is an event (N; small vessels tolerate less). */
          wallForceN: z.number().positive(),
        })
        .strict(),
    })
    .strict(),
}).strict();

export type Scenario = z.output<typeof ScenarioSchema>;
export type ScenarioObjective = Scenario['objectives'][number];
export type ScenarioStep = Scenario['phases'][number]['steps'][number];

/**
 * Parses a scenario and checks it against its anatomy and the catalogue. `source` names the
 * file in error messages. Returns the scenario and its built vessel tree.
 */
export function parseScenario(value: unknown, source: string): { scenario: Scenario; tree: VesselTree } {
  const scenario = parseOrThrow(ScenarioSchema, value, source);
  const problems: string[] = [];
  const tree = buildAtlas(scenario.anatomy, scenario.atlas);
  const checkVessel = (field: string, key: string, arcMm?: number): void => {
    const index = findSegmentIndex(tree, key);
    if (index < 0) {
      problems.push(`${field}: the ${tree.name} has no vessel "${key}"`);
      return;
    }
    const length = segmentLengthMm(tree.segments[index]!);
    if (arcMm !== undefined && arcMm > length) {
      problems.push(`${field}: ${arcMm} mm is beyond the end of ${key} (${length.toFixed(1)} mm long)`);
    }
  };
  checkVessel('access.vessel', scenario.access.vessel);
  if (
    findSegmentIndex(tree, scenario.access.vessel) >= 0 &&
    tree.segments[findSegmentIndex(tree, scenario.access.vessel)]!.children.length > 0
  ) {
    problems.push(`access.vessel: "${scenario.access.vessel}" is not an access vessel (it has branches)`);
  }
  scenario.pathology.clots.forEach((clot, i) => checkVessel(`pathology.clots[${i}].vessel`, clot.vessel, clot.arcMm));
  scenario.pathology.bleeds.forEach((bleed, i) =>
    checkVessel(`pathology.bleeds[${i}].vessel`, bleed.vessel, bleed.arcMm),
  );
  for (const key of Object.keys(scenario.pathology.flowShare)) checkVessel(`pathology.flowShare.${key}`, key);
  scenario.objectives.forEach((objective, i) => {
    const field = `objectives[${i}]`;
    if (objective.kind === 'reach' || objective.kind === 'angiogram' || objective.kind === 'embolize')
      checkVessel(`${field}.vessel`, objective.vessel);
    if (objective.kind === 'embolize')
      objective.protect.forEach((key, j) => checkVessel(`${field}.protect[${j}]`, key));
    if (objective.kind === 'recanalize' && objective.clot >= scenario.pathology.clots.length)
      problems.push(
        `${field}.clot: there is no clot ${objective.clot} (the case has ${scenario.pathology.clots.length})`,
      );
    if (objective.kind === 'stop-bleed' && objective.bleed >= scenario.pathology.bleeds.length)
      problems.push(
        `${field}.bleed: there is no bleed ${objective.bleed} (the case has ${scenario.pathology.bleeds.length})`,
      );
  });
  scenario.errors.forEach((error, i) => {
    if (error.when?.kind === 'particles-in')
      error.when.vessels.forEach((key, j) => checkVessel(`errors[${i}].when.vessels[${j}]`, key));
  });
  const known = new Set(deviceCatalogue.map((device) => device.id));
  if (!known.has(scenario.access.sheath) || findDevice(scenario.access.sheath).kind !== 'sheath')
    problems.push(`access.sheath: "${scenario.access.sheath}" is not a sheath in the catalogue`);
  scenario.devices.onTable.forEach((id, i) => {
    if (!known.has(id)) problems.push(`devices.onTable[${i}]: no device "${id}" in the catalogue`);
  });
  scenario.devices.initialStack.forEach((load, i) => {
    const field = `devices.initialStack[${i}]`;
    if (!scenario.devices.onTable.includes(load.deviceId)) {
      problems.push(`${field}.deviceId: "${load.deviceId}" is not on the table`);
      return;
    }
    if (load.through >= i) problems.push(`${field}.through: ${load.through} must name an earlier device or -1`);
    else if (load.through >= 0 && known.has(scenario.devices.initialStack[load.through]!.deviceId)) {
      const problem = loadingProblem(
        findDevice(load.deviceId),
        findDevice(scenario.devices.initialStack[load.through]!.deviceId),
      );
      if (problem) problems.push(`${field}: ${problem}`);
    } else if (load.through === -1 && known.has(scenario.access.sheath)) {
      const problem = loadingProblem(findDevice(load.deviceId), findDevice(scenario.access.sheath));
      if (problem) problems.push(`${field}: ${problem}`);
    }
  });
  scenario.phases.forEach((phase, p) =>
    phase.steps.forEach((step, k) => {
      const field = `phases[${p}].steps[${k}].doneWhen`;
      const when = step.doneWhen;
      if (when?.kind === 'objective' && !scenario.objectives.some((objective) => objective.id === when.objective))
        problems.push(`${field}.objective: there is no objective "${when.objective}"`);
      if (when?.kind === 'tip-in') checkVessel(`${field}.vessel`, when.vessel);
    }),
  );
  const uniqueIds = (field: string, ids: string[]): void => {
    const seen = new Set<string>();
    for (const id of ids) {
      if (seen.has(id)) problems.push(`${field}: the id "${id}" is used twice`);
      seen.add(id);
    }
  };
  uniqueIds(
    'objectives',
    scenario.objectives.map((objective) => objective.id),
  );
  uniqueIds(
    'phases',
    scenario.phases.map((phase) => phase.id),
  );
  uniqueIds(
    'phases[].steps',
    scenario.phases.flatMap((phase) => phase.steps.map((step) => step.id)),
  );
  uniqueIds(
    'errors',
    scenario.errors.map((error) => error.id),
  );
  const { weights } = scenario.scoring;
  const total = weights.procedure + weights.errors + weights.process + weights.outcome;
  if (Math.abs(total - 100) > 1e-9) problems.push(`scoring.weights: they add up to ${total}, not 100`);
  if (problems.length > 0) throw new SchemaError(`${source}: ${problems.join('; ')}`);
  return { scenario, tree };
}
