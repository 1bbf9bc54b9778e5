import { atlasSkeleton } from '../../../sim/anatomy/skeleton.ts';
import type { VesselTree } from '../../../sim/anatomy/model.ts';
import { createAttenuatorSet, type AttenuatorSet } from '../../../sim/imaging/attenuators.ts';
import type { CArmPose } from '../../../sim/imaging/carm.ts';
import { relativeQuantumNoise, type ExposureMode } from '../../../sim/imaging/dose.ts';
import {
  patientBodyAttenuators,
  setVesselContrast,
  softTissueBlockAttenuators,
  territoryCount,
  vesselAttenuators,
  writeBlushAttenuators,
  writeDeviceAttenuators,
  writeCoilAttenuator,
  writePoolAttenuator,
} from '../../../sim/imaging/patient-attenuators.ts';
import type { AnatomyScene } from '../scene/anatomyBuild.ts';
import type { LiveFrames } from '../sim-worker/liveFrames.ts';
import type { ImagingFrame } from '../sim-worker/messages.ts';
import type { FluoroDisplaySettings } from './FluoroRenderer.ts';

/** Most extravasation pools, and coil masses, a frame draws. */
const maxPools = 8;
const maxCoils = 24;

/** What the beam crosses in this patient: the still body, the vessels, and room for what moves. */
export interface PatientShadow {
  tree: VesselTree;
  still: AttenuatorSet[];
  vessels: AttenuatorSet;
  moving: AttenuatorSet;
}

/**
 * The atlas patient brings its skin and skeleton; an imported model lies in a block of soft
 * tissue as thick as the patient (it has no body of its own).
 */
export function patientShadowFor(
  scene: AnatomyScene,
  deviceNodeCount: number,
  patientThicknessCm: number,
): PatientShadow {
  const still = scene.atlasName
    ? [patientBodyAttenuators(atlasSkeleton())]
    : [softTissueBlockAttenuators(scene.tree, patientThicknessCm * 10)];
  return {
    tree: scene.tree,
    still,
    vessels: vesselAttenuators(scene.tree),
    moving: createAttenuatorSet(deviceNodeCount + territoryCount(scene.tree) + maxPools + maxCoils),
  };
}

/**
 * Writes the frame's contrast and devices into the shadow: vessel μ from the concentrations,
 * each device's pieces (no thinner than `minRadiusMm`), tissue blush, pools, coil masses.
 */
export function updatePatientShadow(
  shadow: PatientShadow,
  frames: LiveFrames,
  imaging: ImagingFrame,
  minRadiusMm: number,
): void {
  setVesselContrast(shadow.vessels, shadow.tree, imaging.concentrations);
  const moving = shadow.moving;
  let n = 0;
  for (const device of frames.devices) {
    n = writeDeviceAttenuators(
      moving,
      n,
      {
        kind: device.description.kind,
        radiusMm: device.description.radiusMm,
        positions: device.current,
        activeCount: device.currentCount,
      },
      minRadiusMm,
    );
  }
  n = writeBlushAttenuators(moving, n, shadow.tree, imaging.territory);
  for (const pool of imaging.pools.slice(0, maxPools)) {
    n = writePoolAttenuator(moving, n, pool.centreLps, pool.volumeMl, pool.concentration);
  }
  for (const coil of imaging.coils.slice(0, maxCoils)) {
    n = writeCoilAttenuator(moving, n, coil.centreLps, coil.radiusMm, coil.packing);
  }
  moving.count = n;
}

/** Log-signal noise at the level of a reference fluoroscopy frame (σ of Σμx), est. from the look of real images. */
const referenceNoiseSigma = 0.02;

/** Window, level, noise and gains for a frame taken in `mode` with this pose and patient. */
export function displaySettingsFor(
  mode: ExposureMode,
  pulsesPerSecond: number,
  pose: CArmPose,
  patientThicknessCm: number,
  levelMu: number,
  adjust: { windowScale: number; levelOffsetMu: number },
): FluoroDisplaySettings {
  const noise = relativeQuantumNoise({ mode, pulsesPerSecond, pose, patientThicknessCm });
  return {
    levelMu: levelMu + adjust.levelOffsetMu,
    windowMu: 1.2 * adjust.windowScale,
    noiseSigma: referenceNoiseSigma * noise,
    edgeGain: 0.6,
    harmonization: 0.75,
    subtractionGain: 3.5,
    roadmapGain: 2.5,
  };
}

/** A stable key for the parts of a pose that move the image: a new key re-integrates the still body. */
export function poseKey(pose: CArmPose): string {
  const { laoDeg, cranDeg, sourceToDetectorMm, fieldOfViewCm, collimation: c, table: t } = pose;
  return [
    laoDeg,
    cranDeg,
    sourceToDetectorMm,
    fieldOfViewCm,
    c.leftFraction,
    c.rightFraction,
    c.topFraction,
    c.bottomFraction,
    t.longitudinalMm,
    t.lateralMm,
    t.heightMm,
  ].join(',');
}
