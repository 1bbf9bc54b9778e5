import { useMemo } from 'react';
import { TorusGeometry } from 'three';
import { carmArcCentreYMm, floorYMm, roomLayout, tableTopSurfaceYMm } from './roomLayout.ts';

/**
 * The suite: floor, patient table (moved by `tableOffsetMm`: its top slides head–foot and
 * left–right and rises; the pedestal stays on the floor) and the C-arm at the given
 * angulation, all in millimetres.
 */
export function Room({
  laoDeg = 0,
  cranDeg = 0,
  tableOffsetMm = [0, 0, 0],
}: {
  laoDeg?: number;
  cranDeg?: number;
  tableOffsetMm?: readonly [number, number, number];
}) {
  return (
    <group>
      <Floor />
      <PatientTable offsetMm={tableOffsetMm} />
      <CArm laoDeg={laoDeg} cranDeg={cranDeg} />
    </group>
  );
}

function Floor() {
  const { widthMm, lengthMm } = roomLayout.floor;
  return (
    <group position={[0, floorYMm(), 0]}>
      <mesh rotation={[-Math.PI / 2, 0, 0]} receiveShadow>
        <planeGeometry args={[widthMm, lengthMm]} />
        <meshStandardMaterial color="#3a4048" roughness={0.9} />
      </mesh>
      <gridHelper args={[Math.max(widthMm, lengthMm), 16, '#566070', '#48505c']} position={[0, 1, 0]} />
    </group>
  );
}

function PatientTable({ offsetMm }: { offsetMm: readonly [number, number, number] }) {
  const { tableTop, tablePedestal, mattressThicknessMm } = roomLayout;
  const topY = tableTopSurfaceYMm();
  const topCentreZ = tableTop.headEndZMm + tableTop.lengthMm / 2;
  const pedestalTop = topY - tableTop.thicknessMm;
  const pedestalHeight = pedestalTop - floorYMm();
  return (
    <group name="patient-table">
      <group position={[offsetMm[0], offsetMm[1], offsetMm[2]]}>
        <mesh position={[0, topY - tableTop.thicknessMm / 2, topCentreZ]}>
          <boxGeometry args={[tableTop.widthMm, tableTop.thicknessMm, tableTop.lengthMm]} />
          <meshStandardMaterial color="#20242b" roughness={0.4} />
        </mesh>
        <mesh position={[0, topY + mattressThicknessMm / 2, topCentreZ]}>
          <boxGeometry args={[tableTop.widthMm - 20, mattressThicknessMm, tableTop.lengthMm - 40]} />
          <meshStandardMaterial color="#3d6f8e" roughness={0.8} />
        </mesh>
      </group>
      <mesh position={[0, floorYMm() + pedestalHeight / 2, tablePedestal.centreZMm]}>
        <boxGeometry args={[tablePedestal.widthMm, pedestalHeight, tablePedestal.depthMm]} />
        <meshStandardMaterial color="#d9dde3" roughness={0.5} />
      </mesh>
    </group>
  );
}

/**
 * A floor-mounted C-arm parked at the head end. LAO/RAO turns the whole C about the patient's
 * long axis (+z); CRAN/CAUD slides the C along its own arc, a turn about the left–right axis.
 * LAO positive brings the detector toward the patient's left; CRAN positive toward the head.
 */
function CArm({ laoDeg, cranDeg }: { laoDeg: number; cranDeg: number }) {
  const { carm, stand } = roomLayout;
  const arcCentreY = carmArcCentreYMm();
  const arcGeometry = useMemo(() => {
    // Half a ring in the y–z plane, bulging toward the head (−z), ends on the beam axis.
    const geometry = new TorusGeometry(carm.arcRadiusMm, carm.arcSectionMm.width / 2, 16, 64, Math.PI);
    geometry.rotateY(Math.PI / 2);
    geometry.rotateX(-Math.PI / 2);
    return geometry;
  }, [carm.arcRadiusMm, carm.arcSectionMm.width]);
  const toRadians = Math.PI / 180;
  const sourceY = -carm.sourceToIsocentreMm;
  const detectorY = carm.isocentreToDetectorMm;
  const arcTopY = arcCentreY + carm.arcRadiusMm;
  const arcBottomY = arcCentreY - carm.arcRadiusMm;
  // The stand's arm turns about the patient's long axis through the isocentre (LAO/RAO).
  const standHeight = roomLayout.isocentreHeightMm;
  const armLength = stand.distanceFromIsocentreMm - carm.arcRadiusMm;
  const tubeHousingY = sourceY + carm.tubeHousingMm.focalSpotBelowTopMm - carm.tubeHousingMm.height / 2;
  return (
    <group name="c-arm">
      <mesh position={[0, floorYMm() + standHeight / 2, -stand.distanceFromIsocentreMm]}>
        <boxGeometry args={[stand.widthMm, standHeight, stand.depthMm]} />
        <meshStandardMaterial color="#c9ced6" roughness={0.5} />
      </mesh>
      <group rotation={[0, 0, -laoDeg * toRadians]}>
        <mesh position={[0, 0, -(stand.distanceFromIsocentreMm + carm.arcRadiusMm) / 2]}>
          <boxGeometry args={[260, 260, armLength]} />
          <meshStandardMaterial color="#c9ced6" roughness={0.5} />
        </mesh>
        <group rotation={[-cranDeg * toRadians, 0, 0]}>
          <mesh geometry={arcGeometry} position={[0, arcCentreY, 0]}>
            <meshStandardMaterial color="#e4e7ec" roughness={0.35} metalness={0.1} />
          </mesh>
          <mesh position={[0, (arcTopY + detectorY) / 2 + carm.detectorHousingMm.height / 2, 0]}>
            <boxGeometry args={[140, arcTopY - detectorY - carm.detectorHousingMm.height, 140]} />
            <meshStandardMaterial color="#e4e7ec" />
          </mesh>
          <mesh name="detector" position={[0, detectorY + carm.detectorHousingMm.height / 2, 0]}>
            <boxGeometry
              args={[carm.detectorHousingMm.width, carm.detectorHousingMm.height, carm.detectorHousingMm.depth]}
            />
            <meshStandardMaterial color="#2c3440" roughness={0.4} />
          </mesh>
          <mesh position={[0, (arcBottomY + tubeHousingY - carm.tubeHousingMm.height / 2) / 2, 0]}>
            <boxGeometry args={[140, tubeHousingY - carm.tubeHousingMm.height / 2 - arcBottomY, 140]} />
            <meshStandardMaterial color="#e4e7ec" />
          </mesh>
          <mesh name="x-ray-tube" position={[0, tubeHousingY, 0]}>
            <boxGeometry args={[carm.tubeHousingMm.width, carm.tubeHousingMm.height, carm.tubeHousingMm.depth]} />
            <meshStandardMaterial color="#b8bec8" roughness={0.4} />
          </mesh>
        </group>
      </group>
    </group>
  );
}
