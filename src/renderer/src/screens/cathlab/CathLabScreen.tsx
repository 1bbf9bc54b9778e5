import { useCallback, useMemo, useRef, useState } from 'react';
import { Canvas } from '@react-three/fiber';
import type { AnatomySourceFile } from '../../../../sim/anatomy/import/index.ts';
import type { MeshDetail } from '../../../../sim/anatomy/mesh.ts';
import { defaultCArmGeometry, isocentreMagnification } from '../../../../sim/imaging/carm-geometry.ts';
import { useSession } from '../../app/session.tsx';
import type { DeviceLoad } from '../../../../sim/physics/world.ts';
import { useHubGamepad } from '../../controls/useHubGamepad.ts';
import { useHubKeyboard } from '../../controls/useHubKeyboard.ts';
import type { AnatomyScene, AnatomySource } from '../../scene/anatomyBuild.ts';
import { operatorSideDirection, roomView, type CameraView } from '../../scene/cameraFraming.ts';
import { DeviceTubes } from '../../scene/DeviceTubes.tsx';
import { FrameRateProbe } from '../../scene/FrameRate.tsx';
import { OrbitCamera } from '../../scene/OrbitCamera.tsx';
import { PatientAnatomy } from '../../scene/PatientAnatomy.tsx';
import {
  atlasPlacement,
  boundsOf,
  centredPlacement,
  regionOfInterest,
  roomBoundsOf,
  type Bounds,
  type PatientPlacement,
} from '../../scene/patientPlacement.ts';
import { Room } from '../../scene/Room.tsx';
import { useAnatomyScene } from '../../scene/useAnatomyScene.ts';
import type { VesselPick } from '../../scene/vesselPick.ts';
import type { LiveFrames } from '../../sim-worker/liveFrames.ts';
import { defaultDeviceStack } from '../../sim-worker/messages.ts';
import { useLiveSimulation } from '../../sim-worker/useLiveSimulation.ts';
import { AtlasChooser, defaultAtlasChoice, ModelLoader, type AtlasChoice } from './AnatomyControls.tsx';
import { DevicePanel } from './DevicePanel.tsx';

type ViewKind = 'patient' | 'region' | 'vessels' | 'access' | 'room';

export function CathLabScreen({ scenarioId }: { scenarioId: string | undefined }) {
  const { settings } = useSession();
  const frameRateOutput = useRef<HTMLSpanElement>(null);
  const geometry = defaultCArmGeometry;

  const [atlas, setAtlas] = useState<AtlasChoice>(defaultAtlasChoice);
  const [importedFiles, setImportedFiles] = useState<AnatomySourceFile[] | null>(null);
  const [detail, setDetail] = useState<MeshDetail>('medium');
  const source = useMemo<AnatomySource>(
    () =>
      importedFiles
        ? { kind: 'files', files: importedFiles }
        : {
            kind: 'atlas',
            name: atlas.name,
            options: {
              archType: atlas.archType,
              ...(atlas.name === 'neuro'
                ? { icaTortuosity: atlas.icaTortuosity }
                : {
                    hepaticVariant: atlas.hepaticVariant,
                    fibroids: atlas.fibroids,
                    hepaticTumour: atlas.hepaticTumour,
                  }),
              ...(atlas.seed === null ? {} : { seed: atlas.seed }),
            },
          },
    [atlas, importedFiles],
  );
  const anatomy = useAnatomyScene(source, detail);
  const scene = anatomy.scene;
  const placement = useMemo(() => (scene ? placementOf(scene) : null), [scene]);

  // The live devices in this patient, the stack the trainee built, driven from the keyboard or a gamepad.
  const [deviceStack, setDeviceStack] = useState<readonly DeviceLoad[]>(defaultDeviceStack);
  const live = useLiveSimulation(scene?.tree ?? null, deviceStack);
  // Until the worker has built the new stack, the old world's frames are not shown as the new one.
  const frames = live.frames && framesHoldStack(live.frames, deviceStack) ? live.frames : null;
  const deviceCount = frames?.devices.length ?? 0;
  // The innermost device (the wire) leads by default.
  const [activeChoice, setActive] = useState<{ frames: LiveFrames; device: number } | null>(null);
  const active = activeChoice && activeChoice.frames === frames ? activeChoice.device : Math.max(0, deviceCount - 1);
  const onActiveChange = (device: number): void => {
    if (frames) setActive({ frames, device });
  };
  const roomViewElement = useRef<HTMLDivElement>(null);
  useHubKeyboard({
    deviceCount,
    active,
    onActiveChange,
    invertRotation: settings.invertHubRotation,
    sendHub: live.sendHub,
    view: roomViewElement,
    world: frames,
  });
  useHubGamepad({
    deviceCount,
    active,
    onActiveChange,
    invertRotation: settings.invertHubRotation,
    sendHub: live.sendHub,
    world: frames,
  });

  // A pick belongs to the scene it was made in; a new tree clears it.
  const [pick, setPick] = useState<{ scene: AnatomyScene; pick: VesselPick } | null>(null);
  const currentPick = pick && pick.scene === scene ? pick.pick : null;
  const onPick = useCallback(
    (picked: VesselPick | null) => setPick(picked && scene ? { scene, pick: picked } : null),
    [scene],
  );

  // A new request object each press: pressing the same button again re-frames after orbiting away.
  const [viewRequest, setViewRequest] = useState<{ kind: ViewKind }>({ kind: 'patient' });
  const sheathTip = frames?.sheathTipLps ?? null;
  const view = useMemo(
    () => cameraViewFor(viewRequest.kind, scene, placement, sheathTip),
    [viewRequest, scene, placement, sheathTip],
  );
  const showView = (kind: ViewKind): void => setViewRequest({ kind });

  const importError = source.kind === 'files' ? anatomy.error : null;
  const picked = currentPick && scene ? scene.tree.segments[currentPick.segmentIndex] : null;

  return (
    <div className="cathlab">
      <div
        className="room-view"
        data-testid="room-view"
        ref={roomViewElement}
        tabIndex={0}
        aria-label="3D view of the room: W and S push and pull the active device, A and D turn it, Tab picks the next device"
      >
        <Canvas
          frameloop={settings.showFrameRate ? 'always' : 'demand'}
          camera={{ position: [-2600, 1300, 2600], fov: 45, near: 5, far: 30000 }}
          gl={{ antialias: true }}
          onCreated={({ gl }) => gl.setClearColor('#0e1116')}
        >
          <ambientLight intensity={0.55} />
          <directionalLight position={[-2000, 4000, 3000]} intensity={1.6} />
          <directionalLight position={[3000, 2000, -2000]} intensity={0.5} />
          <Room />
          {scene && placement && (
            <PatientAnatomy
              scene={scene}
              placement={placement}
              selectedSegment={currentPick?.segmentIndex ?? null}
              onPick={onPick}
            />
          )}
          {frames && placement && <DeviceTubes frames={frames} placement={placement} />}
          <OrbitCamera view={view} />
          {settings.showFrameRate && <FrameRateProbe output={frameRateOutput} />}
        </Canvas>
        {anatomy.building && (
          <p className="room-view-status" role="status">
            Building the anatomy…
          </p>
        )}
      </div>
      <aside className="cathlab-panel" aria-label="Cath lab">
        <section aria-labelledby="anatomy-title">
          <h2 id="anatomy-title">Anatomy</h2>
          <AtlasChooser
            choice={atlas}
            onChange={setAtlas}
            detail={detail}
            onDetailChange={setDetail}
            disabled={importedFiles !== null}
          />
          <p className="hint" data-testid="anatomy-status">
            {scene
              ? `${scene.tree.name}: ${scene.tree.segments.length} vessels, ${(scene.lumen.indices.length / 3).toLocaleString('en')} triangles`
              : 'Building the anatomy…'}
          </p>
          {scene?.atlasName && <p className="hint">At the isocentre: {regionOfInterest[scene.atlasName].label}.</p>}
          <div className="view-buttons" role="group" aria-label="Camera">
            <button type="button" className="secondary" onClick={() => showView('patient')}>
              Patient
            </button>
            <button type="button" className="secondary" onClick={() => showView('region')}>
              Region of interest
            </button>
            <button type="button" className="secondary" onClick={() => showView('vessels')}>
              All vessels
            </button>
            <button type="button" className="secondary" onClick={() => showView('access')} disabled={!sheathTip}>
              Access site
            </button>
            <button type="button" className="secondary" onClick={() => showView('room')}>
              Room
            </button>
          </div>
          <p className="hint">Drag to orbit, right-drag to pan, scroll to zoom; click a vessel to name it.</p>
        </section>
        <DevicePanel
          frames={frames}
          error={live.error}
          active={active}
          onActiveChange={onActiveChange}
          onReset={live.reset}
          stack={deviceStack}
          onStackChange={setDeviceStack}
        />
        <section aria-labelledby="vessel-title">
          <h2 id="vessel-title">Vessel</h2>
          {picked && currentPick ? (
            <dl className="facts" data-testid="picked-vessel">
              <dt>Name</dt>
              <dd>{picked.name}</dd>
              <dt>Diameter</dt>
              <dd>{currentPick.diameterMm.toFixed(1)} mm</dd>
              <dt>Position</dt>
              <dd>{currentPick.arcMm.toFixed(0)} mm from its origin</dd>
              {picked.territory && (
                <>
                  <dt>Feeds</dt>
                  <dd>{picked.territory.name}</dd>
                </>
              )}
            </dl>
          ) : (
            <p className="hint">No vessel selected.</p>
          )}
        </section>
        <section aria-labelledby="carm-title">
          <h2 id="carm-title">C-arm</h2>
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
        </section>
        {scenarioId && <p className="hint">Case: {scenarioId}</p>}
        {settings.showFrameRate && (
          <p className="frame-rate">
            3D view: <span ref={frameRateOutput}>…</span>
          </p>
        )}
        <ModelLoader
          imported={scene?.source === 'imported' && importedFiles ? scene.tree.name : null}
          error={importError}
          onFiles={setImportedFiles}
          onBackToAtlas={() => setImportedFiles(null)}
        />
      </aside>
    </div>
  );
}

/** Whether the worker's world holds this stack's devices, in order (it may still hold the previous stack's). */
function framesHoldStack(frames: LiveFrames, stack: readonly DeviceLoad[]): boolean {
  return (
    frames.devices.length === stack.length &&
    frames.devices.every((device, d) => device.description.deviceId === stack[d]!.deviceId)
  );
}

/** Half the size of the access site view (mm): the sheath and the first centimetres past it. */
const accessViewHalfMm = 60;

function placementOf(scene: AnatomyScene): PatientPlacement {
  return scene.atlasName ? atlasPlacement(scene.atlasName) : centredPlacement(scene.lumen.positions);
}

/**
 * The camera for a view: the room; the whole patient (the skin, or an imported tree's vessels);
 * the vessels in the region of interest (all of an imported tree); all the vessels; or the access
 * site, where the devices come out of the sheath.
 */
function cameraViewFor(
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
