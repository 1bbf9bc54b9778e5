import { useEffect, useMemo, useRef } from 'react';
import { useThree } from '@react-three/fiber';
import { BufferAttribute, BufferGeometry, Color, FrontSide, Vector2, Vector3, type Mesh } from 'three';
import type { MeshData } from '../../../sim/anatomy/mesh-writer.ts';
import type { AnatomyScene } from './anatomyBuild.ts';
import type { PatientPlacement } from './patientPlacement.ts';
import { pickOnVessel, type VesselPick } from './vesselPick.ts';

/** Arterial red for the lumen, and the picked vessel's highlight (vertex colours are linear). */
const vesselColour = new Color('#c42228');
const highlightColour = new Color('#ffce48');

/**
 * The patient on the table: the vessel tree (opaque, arterial red, one vessel highlighted), the
 * skeleton (off-white, semi-opaque) and the skin (faint), all in patient LPS inside one group
 * that carries them into the room (`patientPlacement.ts`). A click that does not drag picks the
 * vessel under the pointer.
 */
export function PatientAnatomy({
  scene,
  placement,
  selectedSegment,
  onPick,
}: {
  scene: AnatomyScene;
  placement: PatientPlacement;
  selectedSegment: number | null;
  onPick: (pick: VesselPick | null) => void;
}) {
  const invalidate = useThree((state) => state.invalidate);
  const lumen = useRef<Mesh>(null);
  const lumenGeometry = useMemo(() => {
    const geometry = geometryOf(scene.lumen);
    const vertices = scene.lumen.positions.length / 3;
    geometry.setAttribute('color', new BufferAttribute(new Float32Array(3 * vertices), 3));
    return geometry;
  }, [scene]);
  const skeletonGeometry = useMemo(() => (scene.skeleton ? geometryOf(scene.skeleton) : null), [scene]);
  const outlineGeometry = useMemo(() => (scene.bodyOutline ? geometryOf(scene.bodyOutline) : null), [scene]);
  useEffect(
    () => () => {
      lumenGeometry.dispose();
      skeletonGeometry?.dispose();
      outlineGeometry?.dispose();
    },
    [lumenGeometry, skeletonGeometry, outlineGeometry],
  );

  useEffect(() => {
    const colours = lumenGeometry.getAttribute('color') as BufferAttribute;
    const array = colours.array as Float32Array;
    const segmentOfVertex = scene.lumen.segmentOfVertex;
    for (let v = 0; v < segmentOfVertex.length; v++) {
      const colour = segmentOfVertex[v] === selectedSegment ? highlightColour : vesselColour;
      array[3 * v] = colour.r;
      array[3 * v + 1] = colour.g;
      array[3 * v + 2] = colour.b;
    }
    colours.needsUpdate = true;
    invalidate();
  }, [lumenGeometry, scene, selectedSegment, invalidate]);

  useVesselPicking(lumen, scene, onPick);

  return (
    <group name="patient" position={placement.translationMm} rotation={[Math.PI, 0, 0]}>
      <mesh ref={lumen} name="vessels" geometry={lumenGeometry}>
        <meshStandardMaterial vertexColors roughness={0.45} metalness={0.05} />
      </mesh>
      {skeletonGeometry && (
        <mesh name="skeleton" geometry={skeletonGeometry} renderOrder={1}>
          <meshStandardMaterial color="#ece5d3" roughness={0.8} transparent opacity={0.5} depthWrite={false} />
        </mesh>
      )}
      {outlineGeometry && (
        <mesh name="body-outline" geometry={outlineGeometry} renderOrder={2}>
          <meshStandardMaterial
            color="#d8b49c"
            roughness={0.9}
            transparent
            opacity={0.13}
            depthWrite={false}
            side={FrontSide}
          />
        </mesh>
      )}
    </group>
  );
}

function geometryOf(mesh: MeshData): BufferGeometry {
  const geometry = new BufferGeometry();
  geometry.setAttribute('position', new BufferAttribute(mesh.positions, 3));
  geometry.setAttribute('normal', new BufferAttribute(mesh.normals, 3));
  geometry.setIndex(new BufferAttribute(mesh.indices, 1));
  geometry.computeBoundingSphere();
  return geometry;
}

/** Pointer travel (CSS px) beyond which a press is a drag (orbit), not a click. */
const clickSlopPx = 4;

/**
 * Picks on click (press and release without dragging), raycasting only the lumen mesh and only
 * then: no raycast per pointer move. The hit triangle's first vertex names the vessel; the hit
 * point, back in patient coordinates, finds the place along it.
 */
function useVesselPicking(
  lumen: React.RefObject<Mesh | null>,
  scene: AnatomyScene,
  onPick: (pick: VesselPick | null) => void,
): void {
  const camera = useThree((state) => state.camera);
  const raycaster = useThree((state) => state.raycaster);
  const canvas = useThree((state) => state.gl.domElement);
  useEffect(() => {
    const pointer = new Vector2();
    const local = new Vector3();
    let pressedAt: { x: number; y: number } | null = null;
    const down = (event: PointerEvent): void => {
      pressedAt = event.button === 0 ? { x: event.clientX, y: event.clientY } : null;
    };
    const up = (event: PointerEvent): void => {
      if (!pressedAt || event.button !== 0) return;
      const moved = Math.hypot(event.clientX - pressedAt.x, event.clientY - pressedAt.y);
      pressedAt = null;
      if (moved > clickSlopPx || !lumen.current) return;
      const rect = canvas.getBoundingClientRect();
      pointer.set(
        ((event.clientX - rect.left) / rect.width) * 2 - 1,
        -((event.clientY - rect.top) / rect.height) * 2 + 1,
      );
      raycaster.setFromCamera(pointer, camera);
      const hit = raycaster.intersectObject(lumen.current, false)[0];
      if (!hit?.face) {
        onPick(null);
        return;
      }
      const segmentIndex = scene.lumen.segmentOfVertex[hit.face.a]!;
      lumen.current.worldToLocal(local.copy(hit.point));
      onPick(pickOnVessel(scene.tree, segmentIndex, [local.x, local.y, local.z]));
    };
    canvas.addEventListener('pointerdown', down);
    canvas.addEventListener('pointerup', up);
    return () => {
      canvas.removeEventListener('pointerdown', down);
      canvas.removeEventListener('pointerup', up);
    };
  }, [camera, raycaster, canvas, lumen, scene, onPick]);
}
