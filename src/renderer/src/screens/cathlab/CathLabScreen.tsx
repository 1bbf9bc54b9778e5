import { useRef } from 'react';
import { Canvas } from '@react-three/fiber';
import { defaultCArmGeometry, isocentreMagnification } from '../../../../sim/imaging/carm-geometry.ts';
import { useSession } from '../../app/session.tsx';
import { FrameRateProbe } from '../../scene/FrameRate.tsx';
import { OrbitCamera } from '../../scene/OrbitCamera.tsx';
import { Room } from '../../scene/Room.tsx';

const orbitTarget = [0, -200, 200] as const;

export function CathLabScreen({ scenarioId }: { scenarioId: string | undefined }) {
  const { settings } = useSession();
  const frameRateOutput = useRef<HTMLSpanElement>(null);
  const geometry = defaultCArmGeometry;
  return (
    <div className="cathlab">
      <div className="room-view" data-testid="room-view">
        <Canvas
          frameloop={settings.showFrameRate ? 'always' : 'demand'}
          camera={{ position: [-2600, 1300, 2600], fov: 45, near: 10, far: 30000 }}
          gl={{ antialias: true }}
          onCreated={({ gl }) => gl.setClearColor('#0e1116')}
        >
          <ambientLight intensity={0.55} />
          <directionalLight position={[-2000, 4000, 3000]} intensity={1.6} />
          <directionalLight position={[3000, 2000, -2000]} intensity={0.5} />
          <Room />
          <OrbitCamera target={orbitTarget} />
          {settings.showFrameRate && <FrameRateProbe output={frameRateOutput} />}
        </Canvas>
      </div>
      <aside className="cathlab-panel" aria-label="C-arm">
        <h2>C-arm</h2>
        <dl className="facts">
          <dt>Projection</dt>
          <dd>AP (LAO 0°, CRAN 0°)</dd>
          <dt>SID</dt>
          <dd>{geometry.sourceToDetectorMm} mm</dd>
          <dt>SOD</dt>
          <dd>{geometry.sourceToIsocentreMm} mm</dd>
          <dt>Magnification</dt>
          <dd>×{isocentreMagnification(geometry).toFixed(2)} at isocentre</dd>
          <dt>Detector</dt>
          <dd>
            {geometry.detectorWidthMm} × {geometry.detectorHeightMm} mm
          </dd>
        </dl>
        <p className="hint">Drag to orbit, right-drag to pan, scroll to zoom.</p>
        {scenarioId && <p className="hint">Case: {scenarioId}</p>}
        {settings.showFrameRate && (
          <p className="frame-rate">
            3D view: <span ref={frameRateOutput}>…</span>
          </p>
        )}
      </aside>
    </div>
  );
}
