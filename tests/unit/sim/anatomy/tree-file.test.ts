import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildAtlas } from '../../../../src/sim/anatomy/atlas/index.ts';
import { importSimVascular } from '../../../../src/sim/anatomy/import/simvascular.ts';
import {
  assertValidTree,
  cumulativeArcMm,
  sampleAtArc,
  territoryKinds,
  type VesselSegment,
  type VesselTree,
} from '../../../../src/sim/anatomy/model.ts';
import {
  VesselTreeFileSchema,
  vesselTreeFromFile,
  vesselTreeToFile,
  type VesselTreeFile,
} from '../../../../src/sim/anatomy/tree-file.ts';
import { SchemaError } from '../../../../src/sim/schema-errors.ts';

function viaJson(tree: VesselTree, source = 'tree.json'): VesselTree {
  return vesselTreeFromFile(JSON.parse(JSON.stringify(vesselTreeToFile(tree))), source);
}

/** The IEEE 754 bit patterns of an array's numbers, so equality means bit-identical. */
function bits(values: Float64Array): number[] {
  return Array.from(new Uint32Array(values.buffer, values.byteOffset, values.length * 2));
}

function expectIdentical(actual: VesselTree, expected: VesselTree): void {
  expect(actual).toEqual(expected);
  actual.segments.forEach((segment, index) => {
    const original = expected.segments[index]!;
    expect(bits(segment.points)).toEqual(bits(original.points));
    expect(bits(segment.radiiMm)).toEqual(bits(original.radiiMm));
    expect(bits(segment.arcMm)).toEqual(bits(original.arcMm));
    expect(segment.parentArcMm).toBe(original.parentArcMm);
  });
}

function thrown(action: () => unknown): Error {
  try {
    action();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error, but none was thrown');
}

const simVascularProject = ['aorta', 'Left_Iliac', 'Right_Iliac'].flatMap((name) =>
  ['pth', 'ctgr'].map((extension) => ({
    name: `${name}.${extension}`,
    text: readFileSync(new URL(`../../../fixtures/simvascular/${name}.${extension}`, import.meta.url), 'utf8'),
  })),
);

/** A small hand-made tree: a trunk along -z and one branch leaving at 30 mm, with a territory. */
function smallTree(): VesselTree {
  const trunkPoints = Float64Array.from([0, 0, 0, 0, 0, -30, 0.5, 0, -60]);
  const branchPoints = Float64Array.from([0, 0, -30, 10, 0, -40, 20, 3, -45]);
  const trunk: VesselSegment = {
    key: 'trunk',
    name: 'Trunk',
    parent: -1,
    children: [1],
    parentArcMm: 0,
    continuation: false,
    points: trunkPoints,
    radiiMm: Float64Array.from([8, 7.5, 7]),
    arcMm: cumulativeArcMm(trunkPoints),
    territory: null,
  };
  const branch: VesselSegment = {
    key: 'left-renal',
    name: 'Left renal artery',
    parent: 0,
    children: [],
    parentArcMm: 30,
    continuation: false,
    points: branchPoints,
    radiiMm: Float64Array.from([3, 2.9, 2.7]),
    arcMm: cumulativeArcMm(branchPoints),
    territory: { kind: 'kidney', name: 'left kidney' },
  };
  return { name: 'Small tree', segments: [trunk, branch] };
}

function smallFile(): VesselTreeFile {
  return vesselTreeToFile(smallTree());
}

describe('vessel tree file', () => {
  it('writes the documented shape, which its own schema accepts', () => {
    const file = smallFile();
    expect(file).toEqual({
      format: 'ir-trainer-vessel-tree',
      version: 1,
      name: 'Small tree',
      coordinateSystem: 'LPS',
      units: 'mm',
      vessels: [
        {
          key: 'trunk',
          name: 'Trunk',
          parentKey: null,
          parentArcMm: 0,
          continuation: false,
          territory: null,
          points: [
            [0, 0, 0],
            [0, 0, -30],
            [0.5, 0, -60],
          ],
          radiiMm: [8, 7.5, 7],
        },
        {
          key: 'left-renal',
          name: 'Left renal artery',
          parentKey: 'trunk',
          parentArcMm: 30,
          continuation: false,
          territory: { kind: 'kidney', name: 'left kidney' },
          points: [
            [0, 0, -30],
            [10, 0, -40],
            [20, 3, -45],
          ],
          radiiMm: [3, 2.9, 2.7],
        },
      ],
    });
    expect(VesselTreeFileSchema.safeParse(file).success).toBe(true);
  });

  it('reads back exactly what it wrote: the small tree, an imported project and both atlases', () => {
    expectIdentical(viaJson(smallTree()), smallTree());
    const imported = importSimVascular(simVascularProject, 'Y pelvis');
    expectIdentical(viaJson(imported), imported);
    for (const atlas of [
      buildAtlas('neuro', { seed: 11 }),
      buildAtlas('body', { fibroids: true, hepaticTumour: true }),
    ]) {
      expectIdentical(viaJson(atlas), atlas);
    }
  });

  it('reads back random trees bit for bit', () => {
    const coordinate = fc.double({ min: -500, max: 500, noNaN: true }).map((value) => (value === 0 ? 0 : value));
    const vessel = fc.record({
      parentChoice: fc.nat(),
      arcFraction: fc.double({ min: 0, max: 1, noNaN: true }),
      points: fc.array(fc.tuple(coordinate, coordinate, coordinate), { minLength: 2, maxLength: 6 }),
      radius: fc.double({ min: 0.05, max: 20, noNaN: true }),
      continuation: fc.boolean(),
      territory: fc.option(fc.record({ kind: fc.constantFrom(...territoryKinds), name: fc.string({ minLength: 1 }) })),
    });
    fc.assert(
      fc.property(fc.array(vessel, { minLength: 1, maxLength: 6 }), fc.string({ minLength: 1 }), (specs, name) => {
        const segments: VesselSegment[] = [];
        specs.forEach((spec, index) => {
          const parent = index === 0 ? -1 : spec.parentChoice % index;
          const points = Float64Array.from(spec.points.flat());
          const radiiMm = Float64Array.from(spec.points, (_, i) => spec.radius * (1 + i / 10));
          let parentArcMm = 0;
          if (parent >= 0) {
            // A branch starts on its parent's centreline, as every tree must.
            const parentSegment = segments[parent]!;
            parentArcMm = spec.arcFraction * parentSegment.arcMm[parentSegment.arcMm.length - 1]!;
            const joint = new Float64Array(3);
            sampleAtArc(parentSegment, parentArcMm, joint);
            points.set(joint.map((value) => (value === 0 ? 0 : value)));
            segments[parent]!.children.push(index);
          }
          segments.push({
            key: `vessel-${index}`,
            name: `Vessel ${index}`,
            parent,
            children: [],
            parentArcMm,
            continuation: spec.continuation,
            points,
            radiiMm,
            arcMm: cumulativeArcMm(points),
            territory: spec.territory,
          });
        });
        const tree = { name, segments };
        assertValidTree(tree);
        expectIdentical(viaJson(tree), tree);
      }),
      { numRuns: 150 },
    );
  });

  it('reads −0, which JSON cannot hold, back as 0', () => {
    const tree = smallTree();
    tree.segments[0]!.points[0] = -0;
    expect(Object.is(viaJson(tree).segments[0]!.points[0], 0)).toBe(true);
  });

  it('says a file from a newer version needs a newer IR Trainer', () => {
    const error = thrown(() => vesselTreeFromFile({ ...smallFile(), version: 2 }, 'future.json'));
    expect(error).toBeInstanceOf(SchemaError);
    expect(error.message).toMatch(
      /^future\.json: version: this vessel tree file was written by a newer version of IR Trainer/,
    );
    expect(error.message).toContain('file format version 2');
  });

  const mangled: [string, (file: VesselTreeFile & Record<string, unknown>) => unknown, RegExp][] = [
    ['not an object', () => 'tree', /^t\.json: \(whole value\): .*found "tree"/],
    ['another format', (file) => ({ ...file, format: 'vmtk' }), /^t\.json: format: .*found "vmtk"/],
    ['version 0', (file) => ({ ...file, version: 0 }), /^t\.json: version: .*found 0/],
    ['other units', (file) => ({ ...file, units: 'cm' }), /^t\.json: units: .*found "cm"/],
    ['an unknown field', (file) => ({ ...file, colour: 'red' }), /^t\.json: \(whole value\): .*colour/],
    ['no vessels', (file) => ({ ...file, vessels: [] }), /^t\.json: vessels: .*found a list of 0/],
    [
      'a NaN coordinate',
      (file) => ((file.vessels[1]!.points[2]![1] = NaN), file),
      /^t\.json: vessels\[1\]\.points\[2\]\[1\]: .*found NaN/,
    ],
    [
      'a negative radius',
      (file) => ((file.vessels[0]!.radiiMm[1] = -2), file),
      /^t\.json: vessels\[0\]\.radiiMm\[1\]: .*found -2/,
    ],
    [
      'a bad key',
      (file) => ((file.vessels[1]!.key = 'Left Renal'), file),
      /^t\.json: vessels\[1\]\.key: must be lower-case .*found "Left Renal"/,
    ],
    [
      'an unknown territory',
      (file) => ((file.vessels[1]!.territory = { kind: 'heart' as never, name: 'x' }), file),
      /^t\.json: vessels\[1\]\.territory\.kind: .*found "heart"/,
    ],
    [
      'an unknown parent',
      (file) => ((file.vessels[1]!.parentKey = 'aorta'), file),
      /^t\.json: vessels\[1\]\.parentKey: no vessel in the file has the key "aorta"/,
    ],
    [
      'a repeated key',
      (file) => ((file.vessels[1]!.key = 'trunk'), (file.vessels[1]!.parentKey = null), file),
      /^t\.json: vessels\[1\]\.key: "trunk" is also the key of vessels\[0\]/,
    ],
    [
      'two roots',
      (file) => ((file.vessels[1]!.parentKey = null), file),
      /^t\.json: vessels: exactly one vessel \(the root\) must have parentKey null; found 2: "trunk", "left-renal"/,
    ],
    [
      'a cycle',
      (file) => ({
        ...file,
        vessels: [
          ...file.vessels,
          { ...file.vessels[1]!, key: 'a', parentKey: 'b' },
          { ...file.vessels[1]!, key: 'b', parentKey: 'a' },
        ],
      }),
      /^t\.json: vessels\[[23]\]\.parentKey: the parents form a cycle: "(a|b)" → "(a|b)" → "(a|b)"/,
    ],
    [
      'radii and points of different counts',
      (file) => (file.vessels[1]!.radiiMm.pop(), file),
      /^t\.json: vessels\[1\]\.radiiMm: has 2 radii for 3 points/,
    ],
    [
      'an origin beyond the parent',
      (file) => ((file.vessels[1]!.parentArcMm = 75), file),
      /^t\.json: vessels\[1\]\.parentArcMm: 75 is beyond the end of "trunk", which is [\d.]+ mm long/,
    ],
    [
      'a branch starting outside its parent',
      (file) => ((file.vessels[1]!.points[0] = [20, 0, -30]), file),
      /^t\.json: vessels\[1\]\.points\[0\]: \[20, 0, -30\] is 20 mm from "trunk"'s centreline at 30 mm, outside its 7\.5 mm lumen/,
    ],
  ];

  it.each(mangled)('names the field and value of %s', (_, change, message) => {
    const error = thrown(() =>
      vesselTreeFromFile(change(smallFile() as VesselTreeFile & Record<string, unknown>), 't.json'),
    );
    expect(error).toBeInstanceOf(SchemaError);
    expect(error.message).toMatch(message);
  });

  it('returns a whole valid tree or a SchemaError naming the file for any damaged file', () => {
    const original = smallFile();
    /** Every place in the file a value sits: object fields and list items. */
    const places: (string | number)[][] = [];
    const collect = (value: unknown, path: (string | number)[]): void => {
      if (path.length > 0) places.push(path);
      if (Array.isArray(value)) value.forEach((item, index) => collect(item, [...path, index]));
      else if (value !== null && typeof value === 'object') {
        for (const [key, item] of Object.entries(value)) collect(item, [...path, key]);
      }
    };
    collect(original, []);
    const change = fc.record({
      place: fc.nat(),
      replacement: fc.option(
        fc.oneof(fc.jsonValue(), fc.double(), fc.constantFrom('trunk', 'left-renal', 'kidney', null, 0, -1, 1e308)),
        { nil: undefined },
      ),
    });
    let trees = 0;
    let errors = 0;
    fc.assert(
      fc.property(fc.array(change, { minLength: 1, maxLength: 3 }), (changes) => {
        const file = structuredClone(original) as unknown as Record<string, unknown>;
        for (const { place, replacement } of changes) {
          const path = places[place % places.length]!;
          let holder: unknown = file;
          for (const key of path.slice(0, -1)) holder = (holder as Record<string | number, unknown> | undefined)?.[key];
          if (holder === null || typeof holder !== 'object') continue;
          const last = path[path.length - 1]!;
          if (replacement === undefined) {
            if (Array.isArray(holder)) holder.splice(last as number, 1);
            else delete (holder as Record<string, unknown>)[last];
          } else (holder as Record<string | number, unknown>)[last] = replacement;
        }
        let tree: VesselTree;
        try {
          tree = vesselTreeFromFile(file, 'damaged.json');
        } catch (error) {
          expect(error).toBeInstanceOf(SchemaError);
          expect((error as Error).message.startsWith('damaged.json: ')).toBe(true);
          errors++;
          return;
        }
        assertValidTree(tree);
        expect(tree.segments.length).toBe((file.vessels as unknown[]).length);
        for (const segment of tree.segments) expect(segment.arcMm.every(Number.isFinite)).toBe(true);
        trees++;
      }),
      { numRuns: 200 },
    );
    expect(trees).toBeGreaterThan(0);
    expect(errors).toBeGreaterThan(0);
  });
});
