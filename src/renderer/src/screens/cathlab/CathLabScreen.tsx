import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Canvas } from '@react-three/fiber';
import type { AnatomySourceFile } from '../../../../sim/anatomy/import/index.ts';
import type { MeshDetail } from '../../../../sim/anatomy/mesh.ts';
import { defaultCArmPose, tableOffsetMm, type CArmPose, type WorkingProjection } from '../../../../sim/imaging/carm.ts';
import {
  defaultImagingSettings,
  type BeamRequest,
  type ImagingSettings,
  type RecordedCommand,
} from '../../../../sim/simulation.ts';
import { useSession } from '../../app/session.tsx';
import type { DeviceLoad } from '../../../../sim/physics/world.ts';
import { HubPad } from '../../controls/HubPad.tsx';
import { useHubGamepad } from '../../controls/useHubGamepad.ts';
import { useHubKeyboard } from '../../controls/useHubKeyboard.ts';
import { usePedals } from '../../controls/usePedals.ts';
import { FluoroMonitor, type AcquisitionRun, type DisplayAdjust } from '../../fluoro/FluoroMonitor.tsx';
import { ReferenceMonitor } from '../../fluoro/ReferenceMonitor.tsx';
import type { AnatomyScene, AnatomySource } from '../../scene/anatomyBuild.ts';
import { DeviceTubes } from '../../scene/DeviceTubes.tsx';
import { FrameRateProbe } from '../../scene/FrameRate.tsx';
import { OrbitCamera } from '../../scene/OrbitCamera.tsx';
import { PatientAnatomy } from '../../scene/PatientAnatomy.tsx';
import { regionOfInterest, type PatientPlacement } from '../../scene/patientPlacement.ts';
import { Room } from '../../scene/Room.tsx';
import { SceneProbe } from '../../scene/SceneProbe.tsx';
import { useAnatomyScene } from '../../scene/useAnatomyScene.ts';
import type { VesselPick } from '../../scene/vesselPick.ts';
import type { LiveFrames } from '../../sim-worker/liveFrames.ts';
import { defaultDeviceStack } from '../../sim-worker/messages.ts';
import { useImagingReadout } from '../../sim-worker/useImagingReadout.ts';
import { freePracticePatient, useLiveSimulation, type LivePatient } from '../../sim-worker/useLiveSimulation.ts';
import { api } from '../../app/api.ts';
import { routeHref } from '../../app/router.ts';
import { useLoaded } from '../../app/useCall.ts';
import type { Scenario } from '../../../../sim/scenario/scenario.ts';
import { scenarioFlow } from '../../../../sim/scenario/setup.ts';
import { asAssigned } from '../../../../sim/scenario/assigned.ts';
import { StartAttempt } from '../briefing/BriefingScreen.tsx';
import { cameraViewFor, placementOf, type ViewKind } from './cathLabCamera.ts';
import { AtlasChooser, defaultAtlasChoice, ModelLoader, type AtlasChoice } from './AnatomyControls.tsx';
import { CaseSummary } from './CaseSummary.tsx';
import { DevicePanel } from './DevicePanel.tsx';
import { useDeviceStack } from './useDeviceStack.ts';
import {
  CArmControls,
  DoseReadout,
  FluoroscopyControls,
  InjectorControls,
  useInjectKey,
  xrayDelayS,
  type InjectorSettings,
} from './ImagingPanel.tsx';
import { contrastOnly, particleLoad, TherapyPanel, useRefusals, type ParticleChoice } from './TherapyPanel.tsx';

/**
 * The cath lab: free practice on any atlas, or a case from the library (`scenarioId`), whose
 * anatomy, devices, pathology, aids and working views it sets up.
 */
export function CathLabScreen({
  scenarioId,
  attemptId,
}: {
  scenarioId: string | undefined;
  attemptId?: string | undefined;
}) {
  if (!scenarioId) return <CathLab scenario={null} attempt={null} />;
  if (!attemptId) return <CaseNotStarted key={scenarioId} scenarioId={scenarioId} />;
  return <CaseCathLab key={attemptId} scenarioId={scenarioId} attemptId={attemptId} />;
}

/** A case opened without an attempt (a bookmark, a typed address): it starts from its briefing. */
function CaseNotStarted({ scenarioId }: { scenarioId: string }) {
  const [loaded] = useLoaded(() => api.scenarioGet({ id: scenarioId }));
  return (
    <div className="screen-body">
      {loaded.status === 'failed' ? (
        <p className="form-error" role="alert">
          {loaded.message}
        </p>
      ) : (
        <p>This case has not been started: attempts are opened from the case&apos;s briefing.</p>
      )}
      {loaded.status === 'ready' && <StartAttempt scenario={loaded.value} assignmentId={null} />}
      <p>
        <a href={routeHref('briefing', scenarioId)}>Read the briefing</a> ·{' '}
        <a href={routeHref('home')}>Back to the case library</a>
      </p>
    </div>
  );
}

/** The attempt under way: its id, when it began, and what was saved before a crash. */
export interface AttemptUnderWay {
  id: string;
  startedAt: string;
  resume: { commands: RecordedCommand[]; steps: number } | null;
}

function CaseCathLab({ scenarioId, attemptId }: { scenarioId: string; attemptId: string }) {
  const [loaded] = useLoaded(async () => {
    const [library, saved] = await Promise.all([api.scenarioGet({ id: scenarioId }), api.attemptResume({ attemptId })]);
    if (saved.scenarioId !== scenarioId) throw new Error(`Attempt ${attemptId} is not an attempt at this case.`);
    const attempt: AttemptUnderWay = {
      id: saved.id,
      startedAt: saved.startedAt,
      resume: saved.steps > 0 ? { commands: saved.commands, steps: saved.steps } : null,
    };
    return { scenario: asAssigned(library, saved.terms), attempt };
  });
  if (loaded.status === 'loading') return <p className="screen-body">Loading the case…</p>;
  if (loaded.status === 'failed')
    return (
      <div className="screen-body">
        <p className="form-error" role="alert">
          {loaded.message}
        </p>
        <a href={routeHref('home')}>Back to the case library</a>
      </div>
    );
  return <CathLab scenario={loaded.value.scenario} attempt={loaded.value.attempt} />;
}

/** The atlas choice a case fixes. */
function atlasChoiceOf(scenario: Scenario): AtlasChoice {
  const options = scenario.atlas;
  return {
    name: scenario.anatomy,
    archType: options.archType,
    icaTortuosity: options.icaTortuosity,
    hepaticVariant: options.hepaticVariant,
    fibroids: options.fibroids,
    hepaticTumour: options.hepaticTumour,
    seed: options.seed ?? null,
  };
}

function CathLab({ scenario, attempt }: { scenario: Scenario | null; attempt: AttemptUnderWay | null }) {
  const { settings } = useSession();
  const frameRateOutput = useRef<HTMLSpanElement>(null);

  const [atlas, setAtlas] = useState<AtlasChoice>(() => (scenario ? atlasChoiceOf(scenario) : defaultAtlasChoice));
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
  // Where the patient lies on the table at home; the fluoroscopy adds the table's offset itself.
  const placement = useMemo(() => (scene ? placementOf(scene) : null), [scene]);

  // The live devices in this patient, the stack the trainee built, driven from the keyboard or a gamepad.
  const inCase = scenario !== null && attempt !== null;
  const stacks = useDeviceStack(inCase, scenario?.devices.initialStack ?? defaultDeviceStack);
  const patientThicknessCm = scenario?.patient.thicknessCm ?? patientThicknessOf(scene);
  const patient = useMemo<LivePatient>(
    () =>
      scenario
        ? {
            accessKey: scenario.access.vessel,
            patientThicknessCm,
            flow: scenarioFlow(scenario),
            scenario,
            wallForceLimitN: scenario.scoring.limits.wallForceN,
            ...(attempt?.resume ? { resume: attempt.resume } : {}),
          }
        : { ...freePracticePatient, patientThicknessCm },
    [scenario, patientThicknessCm, attempt],
  );
  const live = useLiveSimulation(scene?.tree ?? null, stacks.built, patient);
  // Until the worker has built the new stack, the old world's frames are not shown as the new one
  // (in a case the stack changes inside the patient, and the worker's frames are the truth).
  const frames = live.frames && (inCase || framesHoldStack(live.frames, stacks.built)) ? live.frames : null;
  const deviceStack = stacks.shown(frames);
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

  // Imaging: the C-arm, the pedals, the injector; the worker holds the truth, these are the controls' settings.
  const [pose, setPose] = useState<CArmPose>(defaultCArmPose);
  const [imagingSettings, setImagingSettings] = useState<ImagingSettings>(defaultImagingSettings);
  const { send } = live;
  // A fresh world starts with the default C-arm: send the controls' settings again whenever one is built.
  useEffect(() => {
    if (frames) send({ kind: 'carm', pose });
  }, [frames, pose, send]);
  useEffect(() => {
    if (frames) send({ kind: 'imaging', settings: imagingSettings });
  }, [frames, imagingSettings, send]);
  const [injector, setInjector] = useState<InjectorSettings>({ rateMlPerS: 4, volumeMl: 8, withRun: false });
  const [particles, setParticles] = useState<ParticleChoice>(contrastOnly);
  const { sendFrom, refusalFor } = useRefusals(send, live.refusal);
  const inject = useCallback(() => {
    const load = particleLoad(particles);
    const { rateMlPerS, volumeMl } = injector;
    sendFrom('injector', { kind: 'inject', rateMlPerS, volumeMl, ...(load ? { particles: load } : {}) });
  }, [sendFrom, injector, particles]);
  // An injector linked to the run fires its X-ray delay after the acquisition pedal goes down (not if released first).
  const linkedShot = useRef<ReturnType<typeof setTimeout> | null>(null);
  const onBeam = useCallback(
    (beam: BeamRequest) => {
      send({ kind: 'beam', beam });
      if (linkedShot.current !== null) clearTimeout(linkedShot.current);
      linkedShot.current = null;
      if (beam === 'acquire' && injector.withRun) linkedShot.current = setTimeout(inject, xrayDelayS * 1000);
    },
    [send, injector.withRun, inject],
  );
  const pedals = usePedals(onBeam);
  const [storedViews, setStoredViews] = useState<WorkingProjection[]>(() => [...(scenario?.workingProjections ?? [])]);
  const storeView = useCallback(
    (view: WorkingProjection) =>
      setStoredViews((views) => [...views.filter((other) => other.name !== view.name), view]),
    [],
  );
  useInjectKey(inject);
  const [runs, setRuns] = useState<AcquisitionRun[]>([]);
  const onRun = useCallback(
    (run: AcquisitionRun) => setRuns((previous) => [...previous.slice(-(maxRunsKept - 1)), run]),
    [],
  );
  const [roadmap, setRoadmap] = useState({ ready: false, on: false });
  // A new patient starts with no runs and no roadmap.
  useEffect(() => {
    setRuns([]);
    setRoadmap({ ready: false, on: false });
  }, [scene]);
  const onRoadmapReady = useCallback((ready: boolean) => setRoadmap((previous) => ({ ...previous, ready })), []);
  const [adjust, setAdjust] = useState<DisplayAdjust>({ windowScale: 1, levelOffsetMu: 0 });
  // A case may forbid the learning aids; free practice allows both.
  const seeThroughAllowed = scenario?.aids.seeThrough ?? true;
  const roadmapAllowed = scenario?.aids.roadmap ?? true;
  const [seeThroughChoice, setSeeThrough] = useState(true);
  const seeThrough = seeThroughChoice && seeThroughAllowed;
  const [mainMonitor, setMainMonitor] = useState<'fluoro' | 'room'>('fluoro');
  const readout = useImagingReadout(frames);
  // The log records which learning aids the trainee had up (a fresh world hears the current state).
  useEffect(() => {
    if (frames) send({ kind: 'aid', aid: 'see-through', on: seeThrough });
  }, [frames, seeThrough, send]);
  const roadmapShown = roadmap.on && roadmap.ready && roadmapAllowed;
  useEffect(() => {
    if (frames) send({ kind: 'aid', aid: 'roadmap', on: roadmapShown });
  }, [frames, roadmapShown, send]);
  // The 3D room shows the C-arm at its angles and the patient where the table has carried them.
  const tableOffset = tableOffsetMm(pose);
  const tablePlacement = useMemo<PatientPlacement | null>(
    () =>
      placement && {
        translationMm: [
          placement.translationMm[0] + tableOffset[0],
          placement.translationMm[1] + tableOffset[1],
          placement.translationMm[2] + tableOffset[2],
        ],
      },
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the offset's three numbers, not its new array
    [placement, tableOffset[0], tableOffset[1], tableOffset[2]],
  );

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
    // Framed on the patient at the table's home, so sliding the table does not swing the camera.
    () => cameraViewFor(viewRequest.kind, scene, placement, sheathTip),
    [viewRequest, scene, placement, sheathTip],
  );
  const showView = (kind: ViewKind): void => setViewRequest({ kind });

  const importError = source.kind === 'files' ? anatomy.error : null;
  const picked = currentPick && scene ? scene.tree.segments[currentPick.segmentIndex] : null;

  return (
    <div className="cathlab">
      <div
        className={[
          'monitors',
          seeThrough ? '' : 'no-see-through',
          seeThrough && mainMonitor === 'room' ? 'room-main' : '',
        ]
          .filter(Boolean)
          .join(' ')}
      >
        {scene && placement && frames ? (
          <FluoroMonitor
            scene={scene}
            placement={placement}
            frames={frames}
            patientThicknessCm={patientThicknessCm}
            sizePx={fluoroSizePx}
            roadmapOn={roadmapShown}
            adjust={adjust}
            onRun={onRun}
            onRoadmapReady={onRoadmapReady}
          />
        ) : (
          <div className="monitor fluoro-monitor" data-testid="fluoro-monitor">
            <p className="monitor-status">{live.error ?? 'Preparing the patient…'}</p>
          </div>
        )}
        <ReferenceMonitor runs={runs} sizePx={referenceSizePx} />
        <div
          className="room-view"
          data-testid="room-view"
          ref={roomViewElement}
          tabIndex={0}
          hidden={!seeThrough}
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
            <Room laoDeg={pose.laoDeg} cranDeg={pose.cranDeg} tableOffsetMm={tableOffset} />
            {scene && tablePlacement && (
              <PatientAnatomy
                scene={scene}
                placement={tablePlacement}
                selectedSegment={currentPick?.segmentIndex ?? null}
                onPick={onPick}
              />
            )}
            {frames && tablePlacement && <DeviceTubes frames={frames} placement={tablePlacement} />}
            <OrbitCamera view={view} />
            {settings.showFrameRate && <FrameRateProbe output={frameRateOutput} />}
            <SceneProbe />
          </Canvas>
          {anatomy.building && (
            <p className="room-view-status" role="status">
              Building the anatomy…
            </p>
          )}
        </div>
      </div>
      <aside className="cathlab-panel" aria-label="Cath lab">
        {scenario && attempt && <CaseSummary scenario={scenario} live={live} attempt={attempt} />}
        <section aria-labelledby="anatomy-title">
          <h2 id="anatomy-title">Anatomy</h2>
          <AtlasChooser
            choice={atlas}
            onChange={setAtlas}
            detail={detail}
            onDetailChange={setDetail}
            disabled={importedFiles !== null || scenario !== null}
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
          onReset={inCase ? undefined : live.reset}
          stack={deviceStack}
          onStackChange={(next) => stacks.change(deviceStack, next, live.send)}
          hubPad={
            <HubPad
              deviceName={frames?.devices[active]?.description.name ?? null}
              invertRotation={settings.invertHubRotation}
              onCommand={(command) => live.sendHub(active, command)}
            />
          }
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
        <section aria-labelledby="dose-title">
          <h2 id="dose-title">Dose and contrast</h2>
          <DoseReadout imaging={readout} />
        </section>
        <FluoroscopyControls
          settings={imagingSettings}
          onSettings={setImagingSettings}
          pedals={pedals}
          roadmapOn={roadmap.on}
          roadmapReady={roadmap.ready && roadmapAllowed}
          onRoadmap={(on) => setRoadmap((previous) => ({ ...previous, on }))}
          adjust={adjust}
          onAdjust={setAdjust}
        />
        <InjectorControls
          injector={injector}
          onChange={setInjector}
          onInject={inject}
          onStop={() => send({ kind: 'stop-injection' })}
          imaging={readout}
          refusal={refusalFor('injector')}
          particles={particleLoad(particles)}
        />
        <TherapyPanel
          procedure={scenario?.procedure ?? null}
          frames={frames}
          particles={particles}
          onParticles={setParticles}
          onCommand={(command) => sendFrom('treatment', command)}
          refusal={refusalFor('treatment')}
        />
        <CArmControls pose={pose} onChange={setPose} stored={storedViews} onStore={storeView} />
        <label className="toggle">
          <input
            type="checkbox"
            checked={seeThrough}
            disabled={!seeThroughAllowed}
            onChange={(event) => setSeeThrough(event.target.checked)}
          />
          3D see-through view (learning aid{seeThroughAllowed ? '' : ': not allowed in this case'})
        </label>
        <div className="view-buttons" role="group" aria-label="Main monitor">
          <button
            type="button"
            className="secondary"
            aria-pressed={mainMonitor === 'fluoro'}
            onClick={() => setMainMonitor('fluoro')}
          >
            Fluoroscopy large
          </button>
          <button
            type="button"
            className="secondary"
            aria-pressed={mainMonitor === 'room'}
            disabled={!seeThrough}
            onClick={() => setMainMonitor('room')}
          >
            3D view large
          </button>
        </div>
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

/** Fluoroscopy image size (pixels, square): the live monitor and the stored runs. */
const fluoroSizePx = 768;
const referenceSizePx = 512;
/** Acquisitions kept for the reference monitor in one session (each frame is an image in memory). */
const maxRunsKept = 20;

/** Front-to-back thickness (cm) the dose model uses: an adult head, an adult abdomen, or a generic 20 cm (est.). */
function patientThicknessOf(scene: AnatomyScene | null): number {
  if (scene?.atlasName === 'neuro') return 18;
  if (scene?.atlasName === 'body') return 24;
  return 20;
}

/** Whether the worker's world holds this stack's devices, in order (it may still hold the previous stack's). */
function framesHoldStack(frames: LiveFrames, stack: readonly DeviceLoad[]): boolean {
  return (
    frames.devices.length === stack.length &&
    frames.devices.every((device, d) => device.description.deviceId === stack[d]!.deviceId)
  );
}
