import { z } from 'zod';
import { createRandomState } from '../../math/random.ts';
import { assertValidTree, type VesselTree } from '../model.ts';
import { parseOrThrow } from '../../schema-errors.ts';
import { bodySpecs } from './body.ts';
import { buildVesselTree, type VesselSpec } from './builder.ts';
import { neuroSpecs } from './neuro.ts';
import { trunkSpecs } from './trunk.ts';

/**
 * The built-in anatomies. `neuro`: both femoral accesses, iliacs, aorta and arch, carotid and
 * vertebral systems up to M3, A2 and the PCAs. `body`: the same access and aorta with the
 * celiac, hepatic, splenic, SMA, renal and pelvic (uterine) vessels. Variants come from the
 * options; the seed adds small anatomical variation (vessel positions and calibres) and the same
 * seed always gives the same tree. No seed gives the mean anatomy.
 */
export const atlasNames = ['neuro', 'body'] as const;
export type AtlasName = (typeof atlasNames)[number];

export const AtlasOptionsSchema = z
  .object({
    /** Seed for anatomical variation, an unsigned 32-bit integer; absent = the mean anatomy. */
    seed: z.number().int().min(0).max(0xffffffff).optional(),
    archType: z.enum(['I', 'II', 'III', 'bovine']).default('I'),
    /** Cervical ICA tortuosity, 0 nearly straight … 1 strongly looped. */
    icaTortuosity: z.number().min(0).max(1).default(0.3),
    hepaticVariant: z
      .enum(['standard', 'replaced-right-from-sma', 'replaced-left-from-left-gastric'])
      .default('standard'),
    fibroids: z.boolean().default(false),
    hepaticTumour: z.boolean().default(false),
  })
  .strict();
export type AtlasOptions = z.input<typeof AtlasOptionsSchema>;

/** Position jitter: standard deviation as a fraction of the local radius, plus a floor (mm). */
const positionJitterFraction = 0.12;
const radiusJitterFraction = 0.04;

export function buildAtlas(name: AtlasName, options: AtlasOptions = {}): VesselTree {
  if (!(atlasNames as readonly string[]).includes(name)) {
    throw new Error(`no atlas named "${name}"; the atlases are ${atlasNames.join(', ')}`);
  }
  const parsed = parseOrThrow(AtlasOptionsSchema, options, `atlas ${name} options`);
  const specs: VesselSpec[] = [
    ...trunkSpecs({
      archType: parsed.archType,
      headAndNeckContinue: name === 'neuro',
      pelvisContinues: name === 'body',
    }),
    ...(name === 'neuro' ? neuroSpecs({ icaTortuosity: parsed.icaTortuosity }) : bodySpecs(parsed)),
  ];
  const random = parsed.seed === undefined ? null : createRandomState(parsed.seed);
  const tree = buildVesselTree(orderParentsFirst(specs), {
    name: atlasTitle(name, parsed),
    random,
    positionJitter: positionJitterFraction,
    radiusJitter: radiusJitterFraction,
  });
  assertValidTree(tree);
  return tree;
}

function atlasTitle(name: AtlasName, options: z.output<typeof AtlasOptionsSchema>): string {
  const parts = [`${name} atlas`, `arch ${options.archType}`];
  if (name === 'neuro') parts.push(`ICA tortuosity ${options.icaTortuosity}`);
  if (name === 'body') {
    if (options.hepaticVariant !== 'standard') parts.push(options.hepaticVariant);
    if (options.fibroids) parts.push('fibroids');
    if (options.hepaticTumour) parts.push('liver tumour');
  }
  parts.push(options.seed === undefined ? 'mean anatomy' : `seed ${options.seed}`);
  return parts.join(', ');
}

/** Stable topological order: each spec after its parent, otherwise in the order written. */
function orderParentsFirst(specs: VesselSpec[]): VesselSpec[] {
  const placed = new Set<string>();
  const ordered: VesselSpec[] = [];
  let remaining = specs;
  while (remaining.length > 0) {
    const next = remaining.filter((spec) => spec.parent !== null && !placed.has(spec.parent));
    const ready = remaining.filter((spec) => spec.parent === null || placed.has(spec.parent));
    if (ready.length === 0)
      throw new Error(`atlas: vessels with missing parents: ${next.map((spec) => spec.key).join(', ')}`);
    for (const spec of ready) {
      ordered.push(spec);
      placed.add(spec.key);
    }
    remaining = next;
  }
  return ordered;
}
