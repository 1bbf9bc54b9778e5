import { assertValidTree, cumulativeArcMm, type VesselTree } from '../model.ts';
import { joinCentrelines, nearestOnCentreline, type ImportedCentreline } from './centreline-tree.ts';
import { AnatomyImportError } from './import-error.ts';
import { parseXml, type XmlElement } from './xml.ts';

/**
 * Reads a SimVascular project's paths (`.pth`) and lumen contour groups (`.ctgr`) into a vessel
 * tree. A path file holds the centreline (`<path>` → `<timestep>` → `<path_element>` →
 * `<path_points>`, each `<path_point>` with `<pos x y z/>`); a contour group holds, per chosen
 * path point, a contour in the plane normal to the path (`<contourgroup path_name path_id>` →
 * `<timestep>` → `<contour>` with its `<path_point>` and `<contour_points>`). The first
 * timestep is read; SimVascular writes one.
 *
 * Units: the files are in centimetres (the image's patient coordinates, taken as LPS and kept
 * as given); the tree is in millimetres. Radius of a contour: the radius of the circle of equal
 * area, r = √(A/π), A being the polygon's area in the plane normal to the path tangent; between
 * contours the radius is linear in arc length, and held constant before the first and after the
 * last. Paths join into one tree by where they start (see centreline-tree.ts).
 */

export interface AnatomySourceFile {
  /** The file's name as the user gave it (a path or a base name); named in every error. */
  name: string;
  text: string;
}

const mmPerCm = 10;

/** Contour centre farther from its path than this many of its own radii: it belongs elsewhere. */
const contourOffPathRadii = 1;

interface PathFile {
  name: string;
  fileName: string;
  id: string;
  /** Path points in mm, x,y,z interleaved. */
  points: Float64Array;
  /** Index in `points` of each path point id (first occurrence). */
  indexById: Map<string, number>;
}

interface Contour {
  line: number;
  id: string;
  /** Path point the contour is drawn at: its id in the path, and its position in mm. */
  pathPointId: string | null;
  centre: Float64Array;
  radiusMm: number;
}

interface ContourGroup {
  fileName: string;
  line: number;
  pathName: string | null;
  pathId: string | null;
  contours: Contour[];
}

export function importSimVascular(files: readonly AnatomySourceFile[], projectName: string): VesselTree {
  const paths: PathFile[] = [];
  const groups: ContourGroup[] = [];
  for (const file of files) {
    const extension = extensionOf(file.name);
    if (extension === 'pth') paths.push(readPath(file));
    else if (extension === 'ctgr') groups.push(readContourGroup(file));
    else {
      throw new AnatomyImportError(file.name, null, 'not a SimVascular path (.pth) or contour group (.ctgr) file');
    }
  }
  if (paths.length === 0) {
    const names = files.map((file) => file.name).join(', ') || 'no files';
    throw new AnatomyImportError(files[0]?.name ?? projectName, null, `no SimVascular path (.pth) file among ${names}`);
  }
  rejectDuplicateNames(paths);
  const groupByPath = matchGroupsToPaths(paths, groups);
  const centrelines = paths.map((path) => withRadii(path, groupByPath.get(path)));
  const tree = joinCentrelines(centrelines, projectName);
  assertValidTree(tree, `${projectName} (SimVascular: ${files.map((file) => file.name).join(', ')})`);
  return tree;
}

/** Base name without folders or extension: SimVascular names a path after its file. */
export function baseName(fileName: string): string {
  return fileName.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');
}

function extensionOf(fileName: string): string {
  const match = /\.([^.\\/]+)$/.exec(fileName);
  return match ? match[1]!.toLowerCase() : '';
}

function readPath(file: AnatomySourceFile): PathFile {
  const root = singleRoot(file, 'path', 'SimVascular path');
  const id = requiredAttribute(file, root, 'id');
  const element = requiredChild(file, requiredChild(file, root, 'timestep'), 'path_element');
  const pathPoints = requiredChild(file, element, 'path_points').children.filter(
    (child) => child.name === 'path_point',
  );
  if (pathPoints.length < 2) {
    throw new AnatomyImportError(
      file.name,
      element.line,
      `<path_points> holds ${pathPoints.length} <path_point>, needs at least 2`,
    );
  }
  const points = new Float64Array(3 * pathPoints.length);
  const indexById = new Map<string, number>();
  pathPoints.forEach((pathPoint, index) => {
    readVector(file, requiredChild(file, pathPoint, 'pos'), points, index);
    const pointId = pathPoint.attributes.get('id');
    if (pointId !== undefined && !indexById.has(pointId)) indexById.set(pointId, index);
  });
  return { name: baseName(file.name), fileName: file.name, id, points, indexById };
}

function readContourGroup(file: AnatomySourceFile): ContourGroup {
  const root = singleRoot(file, 'contourgroup', 'SimVascular contour group');
  const pathName = root.attributes.get('path_name') ?? null;
  const pathId = root.attributes.get('path_id') ?? null;
  if (pathName === null && pathId === null) {
    throw new AnatomyImportError(
      file.name,
      root.line,
      '<contourgroup> has neither a path_name nor a path_id attribute',
    );
  }
  const timestep = requiredChild(file, root, 'timestep');
  const contours = timestep.children
    .filter((child) => child.name === 'contour')
    .map((contour) => readContour(file, contour));
  if (contours.length === 0) {
    throw new AnatomyImportError(
      file.name,
      timestep.line,
      `<contourgroup> for path "${pathName ?? pathId}" has no <contour>`,
    );
  }
  return { fileName: file.name, line: root.line, pathName, pathId, contours };
}

function readContour(file: AnatomySourceFile, contour: XmlElement): Contour {
  const id = contour.attributes.get('id') ?? '?';
  const pathPoint = requiredChild(file, contour, 'path_point');
  const centre = new Float64Array(3);
  readVector(file, requiredChild(file, pathPoint, 'pos'), centre, 0);
  const tangentElement = requiredChild(file, pathPoint, 'tangent');
  const tangent = new Float64Array(3);
  readVector(file, tangentElement, tangent, 0, 1);
  const tangentLength = Math.hypot(tangent[0]!, tangent[1]!, tangent[2]!);
  if (!(tangentLength > 0) || !Number.isFinite(tangentLength)) {
    throw new AnatomyImportError(
      file.name,
      tangentElement.line,
      `<contour id="${id}">: the path <tangent> has no direction`,
    );
  }
  const contourPoints = requiredChild(file, contour, 'contour_points').children.filter(
    (child) => child.name === 'point',
  );
  if (contourPoints.length < 3) {
    throw new AnatomyImportError(
      file.name,
      contour.line,
      `<contour id="${id}"> has ${contourPoints.length} <point> in <contour_points>, needs at least 3`,
    );
  }
  const outline = new Float64Array(3 * contourPoints.length);
  contourPoints.forEach((point, index) => readVector(file, point, outline, index));
  const areaMm2 = areaNormalTo(outline, tangent);
  if (!(areaMm2 > 0) || !Number.isFinite(areaMm2)) {
    throw new AnatomyImportError(
      file.name,
      contour.line,
      `<contour id="${id}"> encloses no area across the path (area ${areaMm2} mm²)`,
    );
  }
  return {
    line: contour.line,
    id,
    pathPointId: pathPoint.attributes.get('id') ?? null,
    centre,
    radiusMm: Math.sqrt(areaMm2 / Math.PI),
  };
}

/**
 * Area (mm²) of a closed polygon projected on the plane normal to `direction`:
 * A = ½ |Σ (pᵢ − c) × (pᵢ₊₁ − c) · n̂|, with c the mean point (for precision) and n̂ the unit normal.
 */
function areaNormalTo(outline: Float64Array, direction: Float64Array): number {
  const count = outline.length / 3;
  const length = Math.hypot(direction[0]!, direction[1]!, direction[2]!);
  const nx = direction[0]! / length;
  const ny = direction[1]! / length;
  const nz = direction[2]! / length;
  let cx = 0;
  let cy = 0;
  let cz = 0;
  for (let i = 0; i < count; i++) {
    cx += outline[3 * i]! / count;
    cy += outline[3 * i + 1]! / count;
    cz += outline[3 * i + 2]! / count;
  }
  let twiceArea = 0;
  for (let i = 0; i < count; i++) {
    const j = (i + 1) % count;
    const ax = outline[3 * i]! - cx;
    const ay = outline[3 * i + 1]! - cy;
    const az = outline[3 * i + 2]! - cz;
    const bx = outline[3 * j]! - cx;
    const by = outline[3 * j + 1]! - cy;
    const bz = outline[3 * j + 2]! - cz;
    twiceArea += (ay * bz - az * by) * nx + (az * bx - ax * bz) * ny + (ax * by - ay * bx) * nz;
  }
  return Math.abs(twiceArea) / 2;
}

/**
 * Each contour group belongs to the path its `path_name` names (SimVascular names paths after
 * their files); when no path has that name, to the path with its `path_id`. A path needs exactly
 * one group.
 */
function matchGroupsToPaths(paths: readonly PathFile[], groups: readonly ContourGroup[]): Map<PathFile, ContourGroup> {
  const groupByPath = new Map<PathFile, ContourGroup>();
  for (const group of groups) {
    let path = paths.find((candidate) => candidate.name === group.pathName);
    if (!path && group.pathId !== null) {
      const byId = paths.filter((candidate) => candidate.id === group.pathId);
      if (byId.length > 1) {
        throw new AnatomyImportError(
          group.fileName,
          group.line,
          `<contourgroup> path_id="${group.pathId}" is the id of several paths ` +
            `(${byId.map((candidate) => candidate.fileName).join(', ')}) and its path_name ` +
            `"${group.pathName ?? ''}" names none of them`,
        );
      }
      path = byId[0];
    }
    if (!path) {
      throw new AnatomyImportError(
        group.fileName,
        group.line,
        `<contourgroup> path_name="${group.pathName ?? ''}" path_id="${group.pathId ?? ''}" matches no path; ` +
          `the paths are ${paths.map((candidate) => `"${candidate.name}" (id ${candidate.id})`).join(', ')}`,
      );
    }
    const earlier = groupByPath.get(path);
    if (earlier) {
      throw new AnatomyImportError(
        group.fileName,
        group.line,
        `path "${path.name}" already has contours from ${earlier.fileName}; give one contour group per path`,
      );
    }
    groupByPath.set(path, group);
  }
  return groupByPath;
}

function rejectDuplicateNames(paths: readonly PathFile[]): void {
  paths.forEach((path, index) => {
    const earlier = paths.slice(0, index).find((candidate) => candidate.name === path.name);
    if (earlier) {
      throw new AnatomyImportError(
        path.fileName,
        null,
        `a second path named "${path.name}" (the first is ${earlier.fileName})`,
      );
    }
  });
}

/** The path with a radius at every point, interpolated in arc length between its contours. */
function withRadii(path: PathFile, group: ContourGroup | undefined): ImportedCentreline {
  if (!group) {
    throw new AnatomyImportError(
      path.fileName,
      null,
      `path "${path.name}" has no contour group (.ctgr) giving its lumen; add the contour group that segments it`,
    );
  }
  const arcMm = cumulativeArcMm(path.points);
  const placed = group.contours
    .map((contour) => ({ arcMm: contourArcMm(path, arcMm, group, contour), radiusMm: contour.radiusMm }))
    .sort((a, b) => a.arcMm - b.arcMm);
  const radiiMm = new Float64Array(arcMm.length);
  let next = 0;
  for (let i = 0; i < arcMm.length; i++) {
    const s = arcMm[i]!;
    while (next < placed.length && placed[next]!.arcMm <= s) next++;
    // placed[next - 1] is the last contour at or before s, placed[next] the first after it.
    const before = placed[next - 1];
    const after = placed[next];
    if (!before) radiiMm[i] = after!.radiusMm;
    else if (!after) radiiMm[i] = before.radiusMm;
    else {
      const t = (s - before.arcMm) / (after.arcMm - before.arcMm);
      radiiMm[i] = before.radiusMm * (1 - t) + after.radiusMm * t;
    }
  }
  return { name: path.name, fileName: path.fileName, points: path.points, radiiMm };
}

/**
 * Arc length along the path where a contour sits: at the path point its id names when that
 * point is where the contour says it is, otherwise at the nearest point of the path (the path
 * may have been edited since). A contour far from the path belongs to another one.
 */
function contourArcMm(path: PathFile, arcMm: Float64Array, group: ContourGroup, contour: Contour): number {
  const index = contour.pathPointId === null ? undefined : path.indexById.get(contour.pathPointId);
  if (index !== undefined) {
    const p = path.points;
    const c = contour.centre;
    const offsetMm = Math.hypot(p[3 * index]! - c[0]!, p[3 * index + 1]! - c[1]!, p[3 * index + 2]! - c[2]!);
    if (offsetMm < 1e-3) return arcMm[index]!;
  }
  const nearest = nearestOnCentreline({ points: path.points, arcMm }, contour.centre, 0);
  if (nearest.distanceMm > contourOffPathRadii * contour.radiusMm) {
    throw new AnatomyImportError(
      group.fileName,
      contour.line,
      `<contour id="${contour.id}"> is centred ${nearest.distanceMm.toFixed(1)} mm from path "${path.name}" ` +
        `(${path.fileName}), outside its own ${contour.radiusMm.toFixed(1)} mm radius: the contour group does not fit this path`,
    );
  }
  return nearest.arcMm;
}

function singleRoot(file: AnatomySourceFile, name: string, what: string): XmlElement {
  const roots = parseXml(file.text, file.name).filter((element) => element.name === name);
  if (roots.length !== 1) {
    throw new AnatomyImportError(
      file.name,
      roots[1]?.line ?? null,
      roots.length === 0 ? `no <${name}> element: is this a ${what} file?` : `more than one <${name}> element`,
    );
  }
  return roots[0]!;
}

function requiredChild(file: AnatomySourceFile, parent: XmlElement, name: string): XmlElement {
  const child = parent.children.find((candidate) => candidate.name === name);
  if (!child) throw new AnatomyImportError(file.name, parent.line, `<${parent.name}> has no <${name}>`);
  return child;
}

function requiredAttribute(file: AnatomySourceFile, element: XmlElement, name: string): string {
  const value = element.attributes.get(name);
  if (value === undefined)
    throw new AnatomyImportError(file.name, element.line, `<${element.name}> has no ${name} attribute`);
  return value;
}

const decimalNumber = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Beyond this a coordinate cannot be in a patient (1 km), and arithmetic on it could overflow. */
const largestCoordinateMm = 1e6;

/** Reads the x, y, z attributes of `element`, times `scale` (cm → mm by default), into `out` at `index`. */
function readVector(
  file: AnatomySourceFile,
  element: XmlElement,
  out: Float64Array,
  index: number,
  scale = mmPerCm,
): void {
  for (let axis = 0; axis < 3; axis++) {
    const attribute = 'xyz'[axis]!;
    const text = requiredAttribute(file, element, attribute);
    const value = Number(text.trim()) * scale;
    if (!decimalNumber.test(text.trim()) || !Number.isFinite(value)) {
      throw new AnatomyImportError(
        file.name,
        element.line,
        `<${element.name}> attribute ${attribute} is "${text}", which is not a finite number`,
      );
    }
    if (Math.abs(value) > largestCoordinateMm) {
      throw new AnatomyImportError(
        file.name,
        element.line,
        `<${element.name}> attribute ${attribute} is "${text}", too far out to be in a patient`,
      );
    }
    out[3 * index + axis] = value;
  }
}
