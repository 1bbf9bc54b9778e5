import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AnatomyImportError,
  importSimVascular,
  importVesselTreeFiles,
} from '../../../../src/sim/anatomy/import/index.ts';
import { parseXml } from '../../../../src/sim/anatomy/import/xml.ts';
import { assertValidTree, sampleAtArc, segmentByKey, type VesselTree } from '../../../../src/sim/anatomy/model.ts';
import { vesselTreeToFile } from '../../../../src/sim/anatomy/tree-file.ts';

/**
 * The fixture is a Y-shaped project in centimetres: an aorta straight down the z axis from 0 to
 * -8 cm (contours of radius 1.0 cm at z = -1 and 0.8 cm at z = -7), a left iliac starting 1 mm
 * off the aortic centreline at z = -7.5 heading (+0.6, 0, -0.8) in 5 mm steps (radius 0.5), and a
 * right iliac starting 4 mm off it at z = -7.2 heading (-0.6, 0, -0.8) in 3 mm steps (radius
 * 0.45 → 0.35). Every contour is a regular 24-gon.
 */
type SourceFile = { name: string; text: string };

const fixtureNames = [
  'aorta.pth',
  'aorta.ctgr',
  'Left_Iliac.pth',
  'Left_Iliac.ctgr',
  'Right_Iliac.pth',
  'Right_Iliac.ctgr',
];
const fixtures: SourceFile[] = fixtureNames.map((name) => ({
  name,
  text: readFileSync(new URL(`../../../fixtures/simvascular/${name}`, import.meta.url), 'utf8'),
}));

function project(): SourceFile[] {
  return fixtures.map((file) => ({ ...file }));
}

function replaceIn(files: SourceFile[], name: string, from: string | RegExp, to: string): SourceFile[] {
  return files.map((file) => {
    if (file.name !== name) return file;
    const text = file.text.replace(from, to);
    if (text === file.text) throw new Error(`test setup: ${String(from)} is not in ${name}`);
    return { name, text };
  });
}

function without(files: SourceFile[], name: string): SourceFile[] {
  return files.filter((file) => file.name !== name);
}

/** Area of a regular n-gon inscribed in a circle of radius r equals π·(r·f)², f = √(n·sin(2π/n) / 2π). */
const inscribed24 = Math.sqrt((24 * Math.sin((2 * Math.PI) / 24)) / (2 * Math.PI));

function thrown(action: () => unknown): Error {
  try {
    action();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error, but none was thrown');
}

function point(tree: VesselTree, key: string, index: number): number[] {
  return Array.from(segmentByKey(tree, key).points.slice(3 * index, 3 * index + 3));
}

/** Distance from `p` to the segment's centreline polyline. */
function distanceToCentreline(tree: VesselTree, key: string, p: number[]): number {
  const s = segmentByKey(tree, key).points;
  let best = Infinity;
  for (let i = 0; i + 5 < s.length; i += 3) {
    const d = [s[i + 3]! - s[i]!, s[i + 4]! - s[i + 1]!, s[i + 5]! - s[i + 2]!];
    const e = [p[0]! - s[i]!, p[1]! - s[i + 1]!, p[2]! - s[i + 2]!];
    const t = Math.max(
      0,
      Math.min(1, (d[0]! * e[0]! + d[1]! * e[1]! + d[2]! * e[2]!) / (d[0]! ** 2 + d[1]! ** 2 + d[2]! ** 2)),
    );
    best = Math.min(best, Math.hypot(e[0]! - t * d[0]!, e[1]! - t * d[1]!, e[2]! - t * d[2]!));
  }
  return best;
}

/**
 * Moves every position in a file (path points, contour centres and outlines) with `z` (cm → cm),
 * and every direction (tangent, rotation) with `dz`, so a path and its contours move together.
 */
function movedZ(text: string, z: (value: number) => number, dz: (value: number) => number): string {
  return text.replace(
    /<(pos|point|tangent|rotation)( [^>]*) z="([^"]+)"/g,
    (_, element: string, before: string, value: string) => {
      const moved = element === 'pos' || element === 'point' ? z(Number(value)) : dz(Number(value));
      return `<${element}${before} z="${moved.toFixed(6)}"`;
    },
  );
}

function shiftedZ(text: string, dzCm: number): string {
  return movedZ(
    text,
    (z) => z + dzCm,
    (dz) => dz,
  );
}

/** Mirrored about the plane z = z0: the path runs the other way along z. */
function mirroredZ(text: string, z0Cm: number): string {
  return movedZ(
    text,
    (z) => 2 * z0Cm - z,
    (dz) => -dz,
  );
}

function renamed(file: SourceFile, name: string, pathName: string, pathId: string): SourceFile {
  return {
    name,
    text: file.text
      .replace(/path_name="[^"]*"/, `path_name="${pathName}"`)
      .replace(/path_id="[^"]*"/, `path_id="${pathId}"`)
      .replace(/<path id="[^"]*"/, `<path id="${pathId}"`),
  };
}

function fixture(name: string): SourceFile {
  return fixtures.find((file) => file.name === name)!;
}

describe('importSimVascular on a Y-shaped project', () => {
  const tree = importSimVascular(project(), 'Y pelvis');

  it('builds one valid tree, root first, named after the project', () => {
    expect(() => assertValidTree(tree)).not.toThrow();
    expect(tree.name).toBe('Y pelvis');
    expect(tree.segments.map((segment) => segment.key)).toEqual(['aorta', 'right-iliac', 'left-iliac']);
    expect(tree.segments.map((segment) => segment.name)).toEqual(['aorta', 'Right_Iliac', 'Left_Iliac']);
    expect(tree.segments.map((segment) => segment.parent)).toEqual([-1, 0, 0]);
    // Children in the order they leave the aorta: the right iliac at 72 mm, the left at 75 mm.
    expect(tree.segments[0]!.children).toEqual([1, 2]);
    for (const segment of tree.segments) {
      expect(segment.continuation).toBe(false);
      expect(segment.territory).toBeNull();
    }
  });

  it('converts centimetres to millimetres and keeps the coordinates as given', () => {
    const aorta = segmentByKey(tree, 'aorta');
    expect(aorta.radiiMm.length).toBe(17);
    expect(point(tree, 'aorta', 0)).toEqual([0, 0, 0]);
    expect(point(tree, 'aorta', 16)).toEqual([0, 0, -80]);
    expect(aorta.arcMm[16]).toBeCloseTo(80, 9);
    // Second sample of the left iliac: (0.1 + 0.3, 0, -7.5 - 0.4) cm.
    expect(point(tree, 'left-iliac', 1)[0]).toBeCloseTo(4, 9);
    expect(point(tree, 'left-iliac', 1)[2]).toBeCloseTo(-79, 9);
  });

  it('gives each contour the radius of the circle of equal area', () => {
    const aorta = segmentByKey(tree, 'aorta');
    // Path point 2 carries the 1.0 cm contour, drawn in the plane normal to the z axis.
    expect(Math.abs(aorta.radiiMm[2]! - 10) / 10).toBeLessThan(0.01);
    expect(aorta.radiiMm[2]).toBeCloseTo(10 * inscribed24, 4);
    // The left iliac's contours lie in planes tilted 37° from the axes.
    const left = segmentByKey(tree, 'left-iliac');
    expect(Math.abs(left.radiiMm[1]! - 5) / 5).toBeLessThan(0.01);
    expect(left.radiiMm[1]).toBeCloseTo(5 * inscribed24, 4);
  });

  it('interpolates radii in arc length between contours and holds them outside', () => {
    const radii = segmentByKey(tree, 'aorta').radiiMm;
    const first = 10 * inscribed24;
    const last = 8 * inscribed24;
    // Path point 8 (z = -40 mm) is halfway between the contours at -10 and -70 mm.
    expect(radii[8]).toBeCloseTo((first + last) / 2, 4);
    expect(radii[5]).toBeCloseTo(first + ((last - first) * 15) / 60, 4);
    expect(radii[0]).toBeCloseTo(first, 4);
    expect(radii[1]).toBeCloseTo(first, 4);
    expect(radii[15]).toBeCloseTo(last, 4);
    expect(radii[16]).toBeCloseTo(last, 4);
  });

  it('starts each branch on the parent centreline at the nearest arc, inside its lumen', () => {
    const aorta = segmentByKey(tree, 'aorta');
    const joint = new Float64Array(3);
    for (const [key, arcMm] of [
      ['left-iliac', 75],
      ['right-iliac', 72],
    ] as const) {
      const branch = segmentByKey(tree, key);
      expect(branch.parentArcMm).toBeCloseTo(arcMm, 9);
      const radius = sampleAtArc(aorta, branch.parentArcMm, joint);
      expect(point(tree, key, 0)).toEqual(Array.from(joint));
      expect(distanceToCentreline(tree, 'aorta', point(tree, key, 0))).toBeLessThan(radius);
    }
    // The left iliac started 1 mm off the centreline with 5 mm steps: its first sample moved.
    expect(segmentByKey(tree, 'left-iliac').radiiMm.length).toBe(9);
    // The right iliac started 4 mm off with 3 mm steps: the joint was put in front of it.
    expect(segmentByKey(tree, 'right-iliac').radiiMm.length).toBe(12);
    expect(point(tree, 'right-iliac', 1)).toEqual([-4, 0, -72]);
    expect(segmentByKey(tree, 'right-iliac').radiiMm[0]).toBe(segmentByKey(tree, 'right-iliac').radiiMm[1]);
  });

  it('does not depend on the order of the files', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(project(), { minLength: fixtures.length }), (shuffled) => {
        expect(importSimVascular(shuffled, 'Y pelvis')).toEqual(tree);
      }),
      { numRuns: 20 },
    );
  });

  it('places a contour by projection when its path point id no longer fits the path', () => {
    const edited = replaceIn(project(), 'Right_Iliac.ctgr', '<path_point id="10">', '<path_point id="77">');
    expect(importSimVascular(edited, 'Y pelvis')).toEqual(tree);
  });
});

describe('importSimVascular errors', () => {
  it('reports a truncated file with its name, the line it ends on and the unclosed element', () => {
    const aorta = fixture('aorta.pth').text;
    const cut = aorta.slice(0, aorta.indexOf('<path_point id="9">'));
    const error = thrown(() => importSimVascular(replaceIn(project(), 'aorta.pth', aorta, cut), 'p'));
    expect(error).toBeInstanceOf(AnatomyImportError);
    const lastLine = cut.split('\n').length;
    const pathPointsLine = aorta.slice(0, aorta.indexOf('<path_points>')).split('\n').length;
    expect(error.message).toBe(
      `aorta.pth, line ${lastLine}: the file ends before <path_points> (opened on line ${pathPointsLine}) is closed; ` +
        'is it cut short?',
    );
  });

  it('reports a mismatched closing tag with the line it is on', () => {
    const text = fixture('Left_Iliac.pth').text;
    const line = text.slice(0, text.indexOf('</path_points>')).split('\n').length;
    const error = thrown(() =>
      importSimVascular(replaceIn(project(), 'Left_Iliac.pth', '</path_points>', '</path_point>'), 'p'),
    );
    expect(error.message).toMatch(
      new RegExp(`^Left_Iliac\\.pth, line ${line}: </path_point> does not match <path_points> opened on line \\d+`),
    );
  });

  it('names the file, element, attribute and value of a coordinate that is not a number', () => {
    for (const bad of ['NaN', 'abc', '', '1,5', '1e999', 'Infinity', '0x10']) {
      const files = replaceIn(
        project(),
        'Left_Iliac.pth',
        '<pos x="0.1" y="0" z="-7.5" />',
        `<pos x="${bad}" y="0" z="-7.5" />`,
      );
      const error = thrown(() => importSimVascular(files, 'p'));
      expect(error).toBeInstanceOf(AnatomyImportError);
      expect(error.message).toMatch(/^Left_Iliac\.pth, line \d+: /);
      expect(error.message).toContain(`<pos> attribute x is "${bad}"`);
    }
    const contour = replaceIn(project(), 'aorta.ctgr', 'x="1" y="0" z="-1"', 'x="1" y="oops" z="-1"');
    expect(thrown(() => importSimVascular(contour, 'p')).message).toMatch(
      /^aorta\.ctgr, line \d+: <point> attribute y is "oops", which is not a finite number/,
    );
  });

  it('names a path that has no contour group', () => {
    const error = thrown(() => importSimVascular(without(project(), 'Left_Iliac.ctgr'), 'p'));
    expect(error).toBeInstanceOf(AnatomyImportError);
    expect(error.message).toMatch(/^Left_Iliac\.pth: path "Left_Iliac" has no contour group/);
  });

  it('names a contour group whose path is missing, or a second group for one path', () => {
    expect(thrown(() => importSimVascular(without(project(), 'Left_Iliac.pth'), 'p')).message).toMatch(
      /^Left_Iliac\.ctgr, line 3: <contourgroup> path_name="Left_Iliac" path_id="2" matches no path/,
    );
    const twice = [...project(), { name: 'aorta-copy.ctgr', text: fixture('aorta.ctgr').text }];
    expect(thrown(() => importSimVascular(twice, 'p')).message).toMatch(
      /^aorta-copy\.ctgr, line 3: path "aorta" already has contours from aorta\.ctgr/,
    );
  });

  it('names a contour with too few points or no area', () => {
    const text = fixture('aorta.ctgr').text;
    const firstOutline = text.slice(text.indexOf('<contour_points>'), text.indexOf('</contour_points>'));
    const twoPoints = firstOutline.split('\n').slice(0, 3).join('\n') + '\n';
    expect(
      thrown(() => importSimVascular(replaceIn(project(), 'aorta.ctgr', firstOutline, twoPoints), 'p')).message,
    ).toMatch(/^aorta\.ctgr, line \d+: <contour id="0"> has 2 <point> in <contour_points>, needs at least 3/);
    const flat = firstOutline.replace(/ y="[^"]*"/g, ' y="0"');
    expect(
      thrown(() => importSimVascular(replaceIn(project(), 'aorta.ctgr', firstOutline, flat), 'p')).message,
    ).toMatch(/^aorta\.ctgr, line \d+: <contour id="0"> encloses no area/);
  });

  it('names a path that starts inside no other path', () => {
    // A copy of the left iliac moved 50 cm up, far from every lumen.
    const stray = [
      renamed({ name: 'Renal.pth', text: shiftedZ(fixture('Left_Iliac.pth').text, 50) }, 'Renal.pth', 'Renal', '4'),
      renamed({ name: 'Renal.ctgr', text: shiftedZ(fixture('Left_Iliac.ctgr').text, 50) }, 'Renal.ctgr', 'Renal', '4'),
    ];
    const error = thrown(() => importSimVascular([...project(), ...stray], 'p'));
    expect(error).toBeInstanceOf(AnatomyImportError);
    expect(error.message).toMatch(/^Renal\.pth: "Renal" \(Renal\.pth\) \(starts [\d.]+ mm from the centreline of "/);
    expect(error.message).toContain('inside no other path');
    expect(error.message).toContain('"aorta" (aorta.pth)');
  });

  it('names paths that start inside each other, a cycle', () => {
    // "Up" runs from z = -0.2 cm back up through the aorta's start: each starts in the other.
    const up = [
      renamed({ name: 'Up.pth', text: mirroredZ(fixture('aorta.pth').text, -0.1) }, 'Up.pth', 'Up', '5'),
      renamed({ name: 'Up.ctgr', text: mirroredZ(fixture('aorta.ctgr').text, -0.1) }, 'Up.ctgr', 'Up', '5'),
    ];
    const pair = [fixture('aorta.pth'), fixture('aorta.ctgr'), ...up];
    const error = thrown(() => importSimVascular(pair, 'p'));
    expect(error).toBeInstanceOf(AnatomyImportError);
    expect(error.message).toMatch(/^Up\.pth: every path starts inside another path's lumen/);
    expect(error.message).toContain('"aorta" (aorta.pth)');
    expect(error.message).toContain('cycle');

    // The same pair beside a free path: the free one is the root and the pair is a cycle.
    const stray = [
      renamed({ name: 'Far.pth', text: shiftedZ(fixture('Left_Iliac.pth').text, 50) }, 'Far.pth', 'Far', '6'),
      renamed({ name: 'Far.ctgr', text: shiftedZ(fixture('Left_Iliac.ctgr').text, 50) }, 'Far.ctgr', 'Far', '6'),
    ];
    const cycle = thrown(() => importSimVascular([...pair, ...stray], 'p'));
    expect(cycle.message).toMatch(
      /^(Up|aorta)\.pth: paths "(Up|aorta)" .* → .* each start inside the next one's lumen/,
    );
    expect(cycle.message).toContain('never reaches the root "Far" (Far.pth)');
  });

  it('names a second path with the same name and a file of another kind', () => {
    const twice = [...project(), { name: 'copy/aorta.pth', text: fixture('aorta.pth').text }];
    expect(thrown(() => importSimVascular(twice, 'p')).message).toMatch(
      /^copy\/aorta\.pth: a second path named "aorta" \(the first is aorta\.pth\)/,
    );
    expect(thrown(() => importSimVascular([...project(), { name: 'notes.txt', text: '' }], 'p')).message).toMatch(
      /^notes\.txt: not a SimVascular/,
    );
  });
});

describe('the XML scanner', () => {
  it('reads elements, attributes, self-closing tags, the declaration, comments and entities', () => {
    const roots = parseXml(
      `<?xml version="1.0" encoding="UTF-8" ?>\n<format version="1.0" />\n<!-- a <comment> -->\n` +
        `<a one="1" two='x &amp; &lt;y&gt; &#65;&#x42;'>\n  <b/>\n  text\n  <c k="v"></c>\n</a>\n`,
      'f.xml',
    );
    expect(roots.map((root) => root.name)).toEqual(['format', 'a']);
    const a = roots[1]!;
    expect(a.line).toBe(4);
    expect(Object.fromEntries(a.attributes)).toEqual({ one: '1', two: 'x & <y> AB' });
    expect(a.children.map((child) => [child.name, child.line])).toEqual([
      ['b', 5],
      ['c', 7],
    ]);
  });

  it.each([
    ['<a>\n<b>\n</a>', 'f.xml, line 3: </a> does not match <b> opened on line 2'],
    ['<a>\n  <b/>\n', 'f.xml, line 3: the file ends before <a> (opened on line 1) is closed'],
    ['<a x="1\n', "f.xml, line 1: <a> attribute x: the value's quote is never closed"],
    ['<a x=1/>', 'f.xml, line 1: <a> attribute x: the value must be in quotes'],
    ['<a x="1" x="2"/>', 'f.xml, line 1: <a> has the attribute x twice'],
    ['<a x="1"y="2"/>', 'f.xml, line 1: <a>: expected a space'],
    ['\n\n</a>', 'f.xml, line 3: </a> closes nothing'],
    ['<a/>\nstray', 'f.xml, line 2: text "stray" outside any element'],
    ['<a>\n<!-- open', 'f.xml, line 2: comment is never closed'],
    ['<!DOCTYPE a>\n<a/>', 'f.xml, line 1: DOCTYPE'],
    ['<a x="&bogus;"/>', 'f.xml, line 1: unknown entity "&bogus;"'],
    ['<a x="<"/>', 'f.xml, line 1: <a> attribute x: "<" inside a value'],
    ['<a\n', 'f.xml, line 1: the file ends inside the <a> tag'],
    ['   \n', 'f.xml, line 2: no XML element found'],
    ['<1a/>', 'f.xml, line 1: expected a tag name'],
  ])('reports %j as malformed with the line', (text, message) => {
    const error = thrown(() => parseXml(text, 'f.xml'));
    expect(error).toBeInstanceOf(AnatomyImportError);
    expect(error.message.startsWith(message)).toBe(true);
  });
});

describe('importVesselTreeFiles', () => {
  it('reads SimVascular files, named after the first path file', () => {
    const files = [fixture('Right_Iliac.ctgr'), ...without(project(), 'Right_Iliac.ctgr')];
    const tree = importVesselTreeFiles(files);
    expect(tree.name).toBe('aorta');
    expect(tree.segments.map((segment) => segment.key)).toEqual(['aorta', 'right-iliac', 'left-iliac']);
  });

  it('reads a tree .json file', () => {
    const tree = importSimVascular(project(), 'Y pelvis');
    const text = JSON.stringify(vesselTreeToFile(tree));
    expect(importVesselTreeFiles([{ name: 'pelvis.json', text }])).toEqual(tree);
  });

  it('names a file it cannot read', () => {
    expect(thrown(() => importVesselTreeFiles([{ name: 'scan.vtp', text: '' }])).message).toMatch(
      /^scan\.vtp: not an anatomy file/,
    );
    expect(thrown(() => importVesselTreeFiles([{ name: 'tree.json', text: '{"format": ' }])).message).toMatch(
      /^tree\.json: not valid JSON/,
    );
    expect(
      thrown(() => importVesselTreeFiles([{ name: 'tree.json', text: '{}' }, fixture('aorta.pth')])).message,
    ).toMatch(/^tree\.json: a vessel tree \.json file is read on its own, not with aorta\.pth/);
    expect(thrown(() => importVesselTreeFiles([fixture('aorta.ctgr')])).message).toMatch(
      /^aorta\.ctgr: no SimVascular path \(\.pth\) file/,
    );
  });
});

/** Ways a project's files get damaged: cut short, numbers garbled, elements lost, ids clashing. */
type Mangling =
  | { kind: 'truncate'; file: number; at: number }
  | { kind: 'number'; file: number; which: number; replacement: string }
  | { kind: 'delete-element'; file: number; which: number }
  | { kind: 'delete-line'; file: number; which: number }
  | { kind: 'duplicate-path-id'; from: number; to: number }
  | { kind: 'duplicate-point-id'; file: number; from: number; to: number }
  | { kind: 'drop-file'; file: number };

const mangling: fc.Arbitrary<Mangling> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), file: fc.nat(), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({
    kind: fc.constant('number' as const),
    file: fc.nat(),
    which: fc.nat(),
    replacement: fc.constantFrom(
      'NaN',
      '',
      'abc',
      '1e999',
      '-',
      '1.2.3',
      'Infinity',
      '0x1F',
      '-0',
      '+.5e-3',
      '1e7',
      '0',
    ),
  }),
  fc.record({ kind: fc.constant('delete-element' as const), file: fc.nat(), which: fc.nat() }),
  fc.record({ kind: fc.constant('delete-line' as const), file: fc.nat(), which: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate-path-id' as const), from: fc.nat(), to: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate-point-id' as const), file: fc.nat(), from: fc.nat(), to: fc.nat() }),
  fc.record({ kind: fc.constant('drop-file' as const), file: fc.nat() }),
);

function mangle(files: SourceFile[], change: Mangling): SourceFile[] {
  const edit = (index: number, text: (old: string) => string): SourceFile[] =>
    files.map((file, i) => (i === index % files.length ? { name: file.name, text: text(file.text) } : file));
  switch (change.kind) {
    case 'truncate':
      return edit(change.file, (text) => text.slice(0, Math.floor(change.at * text.length)));
    case 'number':
      return edit(change.file, (text) => {
        const numbers = [...text.matchAll(/="(-?[\d.]+(?:e[-+]?\d+)?)"/g)];
        if (numbers.length === 0) return text;
        const hit = numbers[change.which % numbers.length]!;
        return `${text.slice(0, hit.index + 2)}${change.replacement}${text.slice(hit.index + 2 + hit[1]!.length)}`;
      });
    case 'delete-element':
      return edit(change.file, (text) => {
        const lines = text.split('\n');
        const starts = lines.flatMap((line, i) => (/^\s*<[a-z_]/.test(line) ? [i] : []));
        if (starts.length === 0) return text;
        const first = starts[change.which % starts.length]!;
        const [, indent, name] = /^(\s*)<([a-z_]+)/.exec(lines[first]!)!;
        let last = first;
        if (!lines[first]!.trimEnd().endsWith('/>')) {
          last = lines.findIndex((line, i) => i > first && line === `${indent}</${name}>`);
          if (last === -1) last = first;
        }
        return [...lines.slice(0, first), ...lines.slice(last + 1)].join('\n');
      });
    case 'delete-line':
      return edit(change.file, (text) => {
        const lines = text.split('\n');
        lines.splice(change.which % lines.length, 1);
        return lines.join('\n');
      });
    case 'duplicate-path-id': {
      const paths = files.flatMap((file, i) => (file.name.endsWith('.pth') ? [i] : []));
      if (paths.length === 0) return files;
      const from = files[paths[change.from % paths.length]!]!;
      const id = /<path id="([^"]*)"/.exec(from.text)?.[1];
      if (id === undefined) return files;
      return edit(paths[change.to % paths.length]!, (text) => text.replace(/<path id="[^"]*"/, `<path id="${id}"`));
    }
    case 'duplicate-point-id':
      return edit(change.file, (text) => {
        const ids = [...text.matchAll(/<path_point id="(\d+)">/g)];
        if (ids.length === 0) return text;
        const target = ids[change.to % ids.length]!;
        const id = ids[change.from % ids.length]![1]!;
        return `${text.slice(0, target.index)}<path_point id="${id}">${text.slice(target.index + target[0].length)}`;
      });
    case 'drop-file':
      return files.length > 1 ? files.filter((_, i) => i !== change.file % files.length) : files;
  }
}

describe('importSimVascular on damaged files', () => {
  it('returns a whole valid tree or throws an AnatomyImportError naming a file, nothing else', () => {
    let trees = 0;
    let errors = 0;
    fc.assert(
      fc.property(fc.array(mangling, { minLength: 1, maxLength: 3 }), (changes) => {
        const files = changes.reduce(mangle, project());
        let tree: VesselTree;
        try {
          tree = importSimVascular(files, 'mangled');
        } catch (error) {
          expect(error).toBeInstanceOf(AnatomyImportError);
          const message = (error as Error).message;
          expect(
            files.some((file) => message.startsWith(`${file.name}:`) || message.startsWith(`${file.name}, line`)),
          ).toBe(true);
          errors++;
          return;
        }
        assertValidTree(tree);
        expect(tree.segments.length).toBe(files.filter((file) => file.name.endsWith('.pth')).length);
        for (const segment of tree.segments) expect(segment.arcMm.every(Number.isFinite)).toBe(true);
        trees++;
      }),
      { numRuns: 200 },
    );
    // Both outcomes occur, so the property is not vacuous.
    expect(trees).toBeGreaterThan(0);
    expect(errors).toBeGreaterThan(0);
  });
});
