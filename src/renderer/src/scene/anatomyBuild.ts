import { buildAtlas, type AtlasName, type AtlasOptions } from '../../../sim/anatomy/atlas/index.ts';
import { buildBodyOutlineMesh } from '../../../sim/anatomy/body-outline.ts';
import { importVesselTreeFiles, type AnatomySourceFile } from '../../../sim/anatomy/import/index.ts';
import { buildLumenMesh, type LumenMeshData, type MeshDetail } from '../../../sim/anatomy/mesh.ts';
import type { MeshData } from '../../../sim/anatomy/mesh-writer.ts';
import type { VesselTree } from '../../../sim/anatomy/model.ts';
import { buildSkeletonMesh } from '../../../sim/anatomy/skeleton.ts';

/**
 * What the 3D view shows of a patient, built in the anatomy worker (`anatomyWorker.ts`) and
 * handed to the page as transferable typed arrays: the vessel tree itself (for names and
 * calibres when a vessel is picked) and the meshes. An atlas comes with the atlas patient's
 * skeleton and skin; an imported model has neither (its coordinates are its own).
 */
export type AnatomySource =
  { kind: 'atlas'; name: AtlasName; options: AtlasOptions } | { kind: 'files'; files: AnatomySourceFile[] };

export interface AnatomyRequest {
  id: number;
  source: AnatomySource;
  detail: MeshDetail;
}

export interface AnatomyScene {
  source: 'atlas' | 'imported';
  /** For an atlas, which one: it decides what region goes to the isocentre. */
  atlasName: AtlasName | null;
  tree: VesselTree;
  lumen: LumenMeshData;
  skeleton: MeshData | null;
  bodyOutline: MeshData | null;
}

export type AnatomyResponse =
  { id: number; ok: true; scene: AnatomyScene } | { id: number; ok: false; message: string };

export function buildAnatomyScene(source: AnatomySource, detail: MeshDetail): AnatomyScene {
  if (source.kind === 'atlas') {
    const tree = buildAtlas(source.name, source.options);
    return {
      source: 'atlas',
      atlasName: source.name,
      tree,
      lumen: buildLumenMesh(tree, detail),
      skeleton: buildSkeletonMesh(undefined, detail),
      bodyOutline: buildBodyOutlineMesh(detail),
    };
  }
  const tree = importVesselTreeFiles(source.files);
  return {
    source: 'imported',
    atlasName: null,
    tree,
    lumen: buildLumenMesh(tree, detail),
    skeleton: null,
    bodyOutline: null,
  };
}

/** Every buffer the scene holds, once each, to transfer rather than copy. */
export function transferablesOf(scene: AnatomyScene): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  const add = (array: { buffer: ArrayBufferLike }): void => {
    if (array.buffer instanceof ArrayBuffer) buffers.add(array.buffer);
  };
  for (const segment of scene.tree.segments) {
    add(segment.points);
    add(segment.radiiMm);
    add(segment.arcMm);
  }
  for (const mesh of [scene.lumen, scene.skeleton, scene.bodyOutline]) {
    if (!mesh) continue;
    add(mesh.positions);
    add(mesh.normals);
    add(mesh.indices);
  }
  add(scene.lumen.segmentOfVertex);
  add(scene.lumen.arcMmOfVertex);
  return [...buffers];
}
