import { useEffect, useMemo } from 'react';
import { useFrame, useThree } from '@react-three/fiber';
import { BufferAttribute, BufferGeometry, DynamicDrawUsage, Sphere, Vector3 } from 'three';
import type { DeviceKind } from '../../../sim/devices/catalogue.ts';
import { interpolatedNodes, type LiveFrames } from '../sim-worker/liveFrames.ts';
import type { PatientPlacement } from './patientPlacement.ts';
import { tubeIndices, tubeSides, writeTube } from './tubeMesh.ts';

/** Wires dark metal grey, everything else (catheters, microcatheters, sheaths) blue-ish. */
function colourOf(kind: DeviceKind): { colour: string; metalness: number; roughness: number } {
  return kind === 'guidewire' || kind === 'microwire'
    ? { colour: '#4a4f57', metalness: 0.7, roughness: 0.3 }
    : { colour: '#3b82d6', metalness: 0.1, roughness: 0.45 };
}

interface DeviceTube {
  geometry: BufferGeometry;
  nodes: Float32Array;
}

/**
 * The devices in the patient, in the patient's placement (LPS → room, as `PatientAnatomy`):
 * one tube per device, rewritten each animation frame from the live frames, blended between the
 * last two. Devices are drawn over the anatomy (no depth test): inside an opaque vessel they
 * would otherwise be hidden, and seeing them is the point.
 */
export function DeviceTubes({ frames, placement }: { frames: LiveFrames; placement: PatientPlacement }) {
  const invalidate = useThree((state) => state.invalidate);
  const tubes = useMemo<DeviceTube[]>(
    () =>
      frames.devices.map(({ description }) => {
        const geometry = new BufferGeometry();
        const vertices = description.nodeCount * tubeSides;
        geometry.setAttribute(
          'position',
          new BufferAttribute(new Float32Array(3 * vertices), 3).setUsage(DynamicDrawUsage),
        );
        geometry.setAttribute(
          'normal',
          new BufferAttribute(new Float32Array(3 * vertices), 3).setUsage(DynamicDrawUsage),
        );
        geometry.setIndex(new BufferAttribute(tubeIndices(description.nodeCount), 1));
        geometry.setDrawRange(0, 0);
        // The tube moves every frame: a huge fixed bound keeps it from being culled without recomputing.
        geometry.boundingSphere = new Sphere(new Vector3(), 1e6);
        return { geometry, nodes: new Float32Array(3 * description.nodeCount) };
      }),
    [frames],
  );
  useEffect(() => () => tubes.forEach((tube) => tube.geometry.dispose()), [tubes]);
  useEffect(() => {
    frames.listeners.add(invalidate);
    return () => {
      frames.listeners.delete(invalidate);
    };
  }, [frames, invalidate]);

  useFrame(() => {
    const now = performance.now();
    let blending = false;
    for (let d = 0; d < tubes.length; d++) {
      const tube = tubes[d]!;
      const state = frames.devices[d]!;
      const { count, blend } = interpolatedNodes(state, now, tube.nodes);
      if (blend < 1) blending = true;
      const position = tube.geometry.getAttribute('position') as BufferAttribute;
      const normal = tube.geometry.getAttribute('normal') as BufferAttribute;
      const drawn = writeTube(
        tube.nodes,
        count,
        state.description.radiusMm,
        position.array as Float32Array,
        normal.array as Float32Array,
      );
      tube.geometry.setDrawRange(0, drawn);
      for (const attribute of [position, normal]) {
        attribute.clearUpdateRanges();
        attribute.addUpdateRange(0, 3 * tubeSides * count);
        attribute.needsUpdate = true;
      }
    }
    if (blending) invalidate();
  });

  return (
    <group name="devices" position={placement.translationMm} rotation={[Math.PI, 0, 0]}>
      {tubes.map((tube, d) => {
        const { colour, metalness, roughness } = colourOf(frames.devices[d]!.description.kind);
        return (
          <mesh key={d} name={frames.devices[d]!.description.deviceId} geometry={tube.geometry} renderOrder={10 + d}>
            <meshStandardMaterial color={colour} metalness={metalness} roughness={roughness} depthTest={false} />
          </mesh>
        );
      })}
    </group>
  );
}
