import type { AnatomyScene } from '../../scene/anatomyBuild.ts';
import { operatorSideDirection, roomView, type CameraView } from '../../scene/cameraFraming.ts';
import {
  atlasPlacement,
  boundsOf,
  centredPlacement,
  regionOfInterest,
  roomBoundsOf,
  type Bounds,
  type PatientPlacement,
} from '../../scene/patientPlacement.ts';

/** Where the cath lab's 3D view looks: the room, the patient, the region, the vessels, or the access site. */
export type ViewKind = 'patient' | 'region' | 'vessels' | 'access' | 'room';

/** Half the size of the access site view (mm): the sheath and the first centimetres past it. */
const accessViewHalfMm = 60;

export function placementOf(scene: AnatomyScene): PatientPlacement {
  return scene.atlasName ? atlasPlacement(scene.atlasName) : centredPlacement(scene.lumen.positions);
}

/**
 * The camera for a view: the room; the whole patient (the skin, or an imported tree's vessels);
 * the vessels in the region of interest (all of an imported tree); all the vessels; or the access
 * site, where the devices come out of the sheath.
 */
export function cameraViewFor(
  kind: ViewKind,
  scene: AnatomyScene | null,
  placement: PatientPlacement | null,
  sheathTip: readonly [number, number, number] | null,
): CameraView {
  if (kind === 'room' || !scene || !placement) return roomView;
  if (kind === 'access' && sheathTip) {
    const [x, y, z] = sheathTip;
    const half = accessViewHalfMm;
    // Reaching further up (superior, +z) than down: devices climb from the sheath toward the heart.
    const bounds = { min: [x - half, y - half, z - half / 2], max: [x + half, y + half, z + 1.5 * half] } as Bounds;
    return { kind: 'fit', bounds: roomBoundsOf(placement, bounds), direction: operatorSideDirection };
  }
  let bounds = boundsOf(scene.lumen.positions);
  if (kind === 'patient' && scene.bodyOutline) bounds = boundsOf(scene.bodyOutline.positions);
  if (kind === 'region' && scene.atlasName) {
    const region = regionOfInterest[scene.atlasName];
    bounds = boundsOf(scene.lumen.positions, region.zMm - region.halfLengthMm, region.zMm + region.halfLengthMm);
  }
  return { kind: 'fit', bounds: roomBoundsOf(placement, bounds), direction: operatorSideDirection };
}
