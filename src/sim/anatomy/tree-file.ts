import { z } from 'zod';
import { parseOrThrow, SchemaError } from '../schema-errors.ts';
import {
  assertValidTree,
  cumulativeArcMm,
  sampleAtArc,
  territoryKinds,
  type VesselSegment,
  type VesselTree,
} from './model.ts';

/**
 * The project's own vessel tree file: versioned JSON, LPS millimetres, one entry per vessel with
 * its parent named by key. Arc lengths are not stored; they follow from the points. Children are
 * listed in file order, and a tree written by `vesselTreeToFile` reads back identical (numbers
 * survive JSON exactly, except that −0 reads back as 0).
 */

export const vesselTreeFileFormat = 'ir-trainer-vessel-tree';
export const vesselTreeFileVersion = 1;

/** zod's number() already refuses NaN and ±Infinity. */
const finiteNumber = z.number();
/** Nothing in a patient is a kilometre away; larger values would only overflow arc lengths. */
const largestCoordinateMm = 1e6;
const coordinateMm = finiteNumber.min(-largestCoordinateMm).max(largestCoordinateMm);
const vesselKey = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lower-case letters and digits, words joined by single hyphens');

export const VesselFileSchema = z
  .object({
    key: vesselKey,
    name: z.string().min(1),
    /** Key of the vessel this one leaves; null for the root. */
    parentKey: vesselKey.nullable(),
    /** Arc length along the parent's centreline where this vessel starts (mm). */
    parentArcMm: finiteNumber.min(0),
    continuation: z.boolean(),
    territory: z
      .object({ kind: z.enum(territoryKinds), name: z.string().min(1) })
      .strict()
      .nullable(),
    /** Centreline samples, LPS mm; the first lies on the parent's centreline. */
    points: z.array(z.tuple([coordinateMm, coordinateMm, coordinateMm])).min(2),
    /** Lumen radius at each point (mm). */
    radiiMm: z.array(finiteNumber.positive().max(largestCoordinateMm)).min(2),
  })
  .strict();

export const VesselTreeFileSchema = z
  .object({
    format: z.literal(vesselTreeFileFormat),
    version: z.literal(vesselTreeFileVersion),
    name: z.string().min(1),
    coordinateSystem: z.literal('LPS'),
    units: z.literal('mm'),
    vessels: z.array(VesselFileSchema).min(1),
  })
  .strict();

export type VesselTreeFile = z.output<typeof VesselTreeFileSchema>;
type VesselFile = z.output<typeof VesselFileSchema>;

export function vesselTreeToFile(tree: VesselTree): VesselTreeFile {
  assertValidTree(tree);
  return {
    format: vesselTreeFileFormat,
    version: vesselTreeFileVersion,
    name: tree.name,
    coordinateSystem: 'LPS',
    units: 'mm',
    vessels: tree.segments.map((segment) => ({
      key: segment.key,
      name: segment.name,
      parentKey: segment.parent === -1 ? null : tree.segments[segment.parent]!.key,
      parentArcMm: segment.parentArcMm,
      continuation: segment.continuation,
      territory: segment.territory ? { kind: segment.territory.kind, name: segment.territory.name } : null,
      points: Array.from({ length: segment.radiiMm.length }, (_, i): [number, number, number] => [
        segment.points[3 * i]!,
        segment.points[3 * i + 1]!,
        segment.points[3 * i + 2]!,
      ]),
      radiiMm: Array.from(segment.radiiMm),
    })),
  };
}

/**
 * Reads a parsed JSON value as a vessel tree file. `source` (the file's name) starts every
 * error, which names the field and the value found.
 */
export function vesselTreeFromFile(value: unknown, source: string): VesselTree {
  rejectNewerVersion(value, source);
  const file = parseOrThrow(VesselTreeFileSchema, value, source);
  const indexByKey = new Map<string, number>();
  file.vessels.forEach((vessel, index) => {
    const earlier = indexByKey.get(vessel.key);
    if (earlier !== undefined)
      fail(source, `vessels[${index}].key`, `"${vessel.key}" is also the key of vessels[${earlier}]`);
    indexByKey.set(vessel.key, index);
    if (vessel.radiiMm.length !== vessel.points.length) {
      fail(
        source,
        `vessels[${index}].radiiMm`,
        `has ${vessel.radiiMm.length} radii for ${vessel.points.length} points`,
      );
    }
  });
  const parents = file.vessels.map((vessel, index) => parentIndex(vessel, index, indexByKey, source));
  checkRootAndCycles(file.vessels, parents, source);

  const segments: VesselSegment[] = file.vessels.map((vessel, index) => {
    const points = Float64Array.from(vessel.points.flat());
    return {
      key: vessel.key,
      name: vessel.name,
      parent: parents[index]!,
      children: [],
      parentArcMm: vessel.parentArcMm,
      continuation: vessel.continuation,
      points,
      radiiMm: Float64Array.from(vessel.radiiMm),
      arcMm: cumulativeArcMm(points),
      territory: vessel.territory ? { kind: vessel.territory.kind, name: vessel.territory.name } : null,
    };
  });
  segments.forEach((segment, index) => {
    if (segment.parent === -1) return;
    const parent = segments[segment.parent]!;
    parent.children.push(index);
    checkJoint(segment, parent, index, source);
  });
  const tree: VesselTree = { name: file.name, segments };
  assertValidTree(tree, source);
  return tree;
}

function rejectNewerVersion(value: unknown, source: string): void {
  if (typeof value !== 'object' || value === null) return;
  const { format, version } = value as { format?: unknown; version?: unknown };
  if (format === vesselTreeFileFormat && typeof version === 'number' && version > vesselTreeFileVersion) {
    throw new SchemaError(
      `${source}: version: this vessel tree file was written by a newer version of IR Trainer ` +
        `(file format version ${version}; this version reads up to ${vesselTreeFileVersion}). Update IR Trainer to open it.`,
    );
  }
}

function parentIndex(vessel: VesselFile, index: number, indexByKey: Map<string, number>, source: string): number {
  if (vessel.parentKey === null) return -1;
  const parent = indexByKey.get(vessel.parentKey);
  if (parent === undefined) {
    fail(source, `vessels[${index}].parentKey`, `no vessel in the file has the key "${vessel.parentKey}"`);
  }
  return parent;
}

function checkRootAndCycles(vessels: readonly VesselFile[], parents: readonly number[], source: string): void {
  const roots = vessels.filter((_, index) => parents[index] === -1).map((vessel) => `"${vessel.key}"`);
  if (roots.length !== 1) {
    fail(
      source,
      'vessels',
      `exactly one vessel (the root) must have parentKey null; found ${roots.length}${roots.length ? `: ${roots.join(', ')}` : ''}`,
    );
  }
  parents.forEach((_, start) => {
    const path: number[] = [];
    for (let current = start; current !== -1; current = parents[current]!) {
      if (path.includes(current)) {
        const cycle = path.slice(path.indexOf(current)).concat(current);
        fail(
          source,
          `vessels[${current}].parentKey`,
          `the parents form a cycle: ${cycle.map((index) => `"${vessels[index]!.key}"`).join(' → ')}`,
        );
      }
      path.push(current);
    }
  });
}

/** A branch must start where its parent says: on the stated arc, inside the parent's lumen. */
function checkJoint(segment: VesselSegment, parent: VesselSegment, index: number, source: string): void {
  const parentLengthMm = parent.arcMm[parent.arcMm.length - 1]!;
  // Rounding in the recomputed arc lengths may put an origin at the very end a hair beyond it.
  const toleranceMm = 1e-9 * Math.max(1, parentLengthMm);
  if (segment.parentArcMm > parentLengthMm + toleranceMm) {
    fail(
      source,
      `vessels[${index}].parentArcMm`,
      `${segment.parentArcMm} is beyond the end of "${parent.key}", which is ${parentLengthMm} mm long`,
    );
  }
  const joint = new Float64Array(3);
  const radiusMm = sampleAtArc(parent, segment.parentArcMm, joint);
  const p = segment.points;
  const distanceMm = Math.hypot(p[0]! - joint[0]!, p[1]! - joint[1]!, p[2]! - joint[2]!);
  if (!(distanceMm <= radiusMm)) {
    fail(
      source,
      `vessels[${index}].points[0]`,
      `[${p[0]}, ${p[1]}, ${p[2]}] is ${distanceMm} mm from "${parent.key}"'s centreline at ${segment.parentArcMm} mm, ` +
        `outside its ${radiusMm} mm lumen; a branch must start inside its parent`,
    );
  }
}

function fail(source: string, field: string, problem: string): never {
  throw new SchemaError(`${source}: ${field}: ${problem}`);
}
