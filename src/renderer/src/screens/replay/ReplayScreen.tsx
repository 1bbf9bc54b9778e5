import { useEffect, useMemo, useState } from 'react';
import { Canvas } from '@react-three/fiber';
import type { Scenario } from '../../../../sim/scenario/scenario.ts';
import { scenarioFlow } from '../../../../sim/scenario/setup.ts';
import { replayFileFormat, type ReplayFile } from '../../../../sim/replay/replay-file.ts';
import type { AttemptScore } from '../../../../sim/scoring/score.ts';
import type { SimEvent, RecordedCommand } from '../../../../sim/simulation.ts';
import { SIM_CORE_VERSION, SIM_STEP_HZ } from '../../../../sim/version.ts';
import type { AttemptSummaryOutput, Profile } from '../../../../contract/calls.ts';
import { api, errorMessage } from '../../app/api.ts';
import { saveFile } from '../../app/files.ts';
import { useSession } from '../../app/session.tsx';
import { Loading } from '../../app/Loading.tsx';
import { useLoaded } from '../../app/useCall.ts';
import { FluoroMonitor } from '../../fluoro/FluoroMonitor.tsx';
import { formatTime } from '../../fluoro/formatTime.ts';
import type { AnatomySource } from '../../scene/anatomyBuild.ts';
import { operatorSideDirection, roomView, type CameraView } from '../../scene/cameraFraming.ts';
import { DeviceTubes } from '../../scene/DeviceTubes.tsx';
import { OrbitCamera } from '../../scene/OrbitCamera.tsx';
import { PatientAnatomy } from '../../scene/PatientAnatomy.tsx';
import { atlasPlacement, boundsOf, regionOfInterest, roomBoundsOf } from '../../scene/patientPlacement.ts';
import { Room } from '../../scene/Room.tsx';
import { useAnatomyScene } from '../../scene/useAnatomyScene.ts';
import { useImagingReadout } from '../../sim-worker/useImagingReadout.ts';
import { useLiveSimulation, type LivePatient } from '../../sim-worker/useLiveSimulation.ts';
import { PlayheadMetrics } from './PlayheadMetrics.tsx';
import { ReplayList } from './ReplayList.tsx';
import { ReplayTimeline } from './ReplayTimeline.tsx';
import { timelineMarkers } from './timelineMarkers.ts';

/** Replays: the list of recorded attempts, or the player for one (`attemptId`). */
export function ReplayScreen({ attemptId }: { attemptId: string | undefined }) {
  if (attemptId) return <ReplayLoader key={attemptId} attemptId={attemptId} />;
  return <ReplayList />;
}

interface ReplayData {
  attemptId: string;
  claimed: { total: number; passed: boolean; finalStateHash: string };
  scenario: Scenario;
  events: SimEvent[];
  /** The score the main process computed when the attempt was submitted: steps, objectives, errors with their times. */
  score: AttemptScore;
  commands: RecordedCommand[];
  totalSteps: number;
  coreVersion: string;
  title: string;
  /** Whose attempt, when and under which terms: an exported file carries it to be filed elsewhere. */
  record: AttemptSummaryOutput;
}

function ReplayLoader({ attemptId }: { attemptId: string }) {
  const [data] = useLoaded<ReplayData>(async () => {
    const [record, replay] = await Promise.all([
      api.attemptGet({ id: attemptId }),
      api.attemptReplay({ id: attemptId }),
    ]);
    const scenario = await api.scenarioGet({ id: replay.scenarioId });
    return {
      attemptId,
      claimed: replay.claimed,
      scenario,
      events: record.events,
      score: record.score,
      commands: replay.commands,
      totalSteps: replay.totalSteps,
      coreVersion: replay.coreVersion,
      title: record.scenarioTitle,
      record,
    };
  });
  return (
    <Loading state={data}>
      {(loaded) =>
        loaded.coreVersion !== SIM_CORE_VERSION ? (
          <div className="screen-body">
            <p className="form-error" role="alert">
              This attempt was recorded with simulation core {loaded.coreVersion}; this workstation runs{' '}
              {SIM_CORE_VERSION}. Re-simulating it here could show something the trainee never saw, so it is not played
              (replays from older cores need keyframes, which this version does not store).
            </p>
          </div>
        ) : (
          <ReplayPlayer data={loaded} />
        )
      }
    </Loading>
  );
}

const speeds = [0.25, 0.5, 1, 2, 4, 8];

function ReplayPlayer({ data }: { data: ReplayData }) {
  const { scenario } = data;
  const session = useSession();
  const source = useMemo<AnatomySource>(
    () => ({ kind: 'atlas', name: scenario.anatomy, options: scenario.atlas }),
    [scenario],
  );
  const anatomy = useAnatomyScene(source, 'medium');
  const scene = anatomy.scene;
  const placement = useMemo(() => atlasPlacement(scenario.anatomy), [scenario]);
  const patient = useMemo<LivePatient>(
    () => ({
      accessKey: scenario.access.vessel,
      patientThicknessCm: scenario.patient.thicknessCm,
      flow: scenarioFlow(scenario),
      scenario: null,
      wallForceLimitN: scenario.scoring.limits.wallForceN,
      script: { commands: data.commands, totalSteps: data.totalSteps },
    }),
    [scenario, data],
  );
  const live = useLiveSimulation(scene?.tree ?? null, scenario.devices.initialStack, patient);
  const frames = live.frames;
  const readout = useImagingReadout(frames);
  const [playing, setPlaying] = useState(true);
  const [rate, setRate] = useState(1);
  const step = Math.round((readout?.simulatedS ?? 0) * SIM_STEP_HZ);
  const { pause, setRate: sendRate, seek } = live;
  useEffect(() => pause(!playing), [pause, playing, frames]);
  useEffect(() => sendRate(rate), [sendRate, rate, frames]);
  const markers = useMemo(() => timelineMarkers(data.events, data.score), [data.events, data.score]);
  // Stepping reads the latest frame, not the readout (refreshed a few times a second), so quick
  // presses add up.
  const stepBy = (steps: number): void => seek(Math.round((frames?.imaging?.simulatedS ?? 0) * SIM_STEP_HZ) + steps);
  const view = useMemo<CameraView>(() => {
    if (!scene) return roomView;
    const region = regionOfInterest[scenario.anatomy];
    const bounds = boundsOf(scene.lumen.positions, region.zMm - region.halfLengthMm, region.zMm + region.halfLengthMm);
    return { kind: 'fit', bounds: roomBoundsOf(placement, bounds), direction: operatorSideDirection };
  }, [scene, scenario, placement]);

  return (
    <div className="replay">
      <div className="replay-monitors">
        {scene && frames ? (
          <FluoroMonitor
            scene={scene}
            placement={placement}
            frames={frames}
            patientThicknessCm={scenario.patient.thicknessCm}
            sizePx={512}
            roadmapOn={false}
            adjust={{ windowScale: 1, levelOffsetMu: 0 }}
            onRun={() => {}}
            onRoadmapReady={() => {}}
          />
        ) : (
          <div className="monitor fluoro-monitor">
            <p className="monitor-status">{live.error ?? 'Re-simulating the attempt…'}</p>
          </div>
        )}
        <div className="room-view" data-testid="replay-3d">
          <Canvas camera={{ position: [-2600, 1300, 2600], fov: 45, near: 5, far: 30000 }} frameloop="demand">
            <ambientLight intensity={0.55} />
            <directionalLight position={[-2000, 4000, 3000]} intensity={1.6} />
            <Room laoDeg={readout?.pose.laoDeg ?? 0} cranDeg={readout?.pose.cranDeg ?? 0} />
            {scene && <PatientAnatomy scene={scene} placement={placement} selectedSegment={null} onPick={() => {}} />}
            {frames && <DeviceTubes frames={frames} placement={placement} />}
            <OrbitCamera view={view} />
          </Canvas>
        </div>
      </div>
      <aside className="cathlab-panel replay-panel" aria-label="Replay">
        <h2>{data.title}</h2>
        <p className="projection" data-testid="replay-time">
          {formatTime(step / SIM_STEP_HZ)} / {formatTime(data.totalSteps / SIM_STEP_HZ)}
        </p>
        <div className="view-buttons" role="group" aria-label="Playback">
          <button type="button" onClick={() => setPlaying(!playing)}>
            {playing ? 'Pause' : 'Play'}
          </button>
          {/* Frame by frame while paused; back is as quick as forward (keyframes every 5 s). */}
          <button
            type="button"
            className="secondary"
            disabled={playing || step <= 0}
            onClick={() => stepBy(-SIM_STEP_HZ / 10)}
          >
            Back 0.1 s
          </button>
          <button type="button" className="secondary" disabled={playing} onClick={() => stepBy(SIM_STEP_HZ / 10)}>
            Step 0.1 s
          </button>
          <label className="field">
            <span>Speed</span>
            <select aria-label="Speed" value={rate} onChange={(event) => setRate(Number(event.target.value))}>
              {speeds.map((speed) => (
                <option key={speed} value={speed}>
                  {speed}×
                </option>
              ))}
            </select>
          </label>
        </div>
        <ReplayTimeline markers={markers} step={step} totalSteps={data.totalSteps} onSeek={seek} />
        <button type="button" className="secondary" onClick={() => void exportReplay(data, session.profiles)}>
          Export replay file
        </button>
        <h2>At this moment</h2>
        <PlayheadMetrics imaging={readout} elapsedS={step / SIM_STEP_HZ} whole={data.score.metrics} />
        <ReplayComments attemptId={data.attemptId} step={step} onSeek={seek} />
      </aside>
    </div>
  );
}

/** Review comments pinned to moments: listed in time order (click to jump there), one added at the current moment. */
function ReplayComments({ attemptId, step, onSeek }: { attemptId: string; step: number; onSeek(step: number): void }) {
  const { activeProfile, settings } = useSession();
  const [comments, reload] = useLoaded(() => api.commentList({ attemptId }));
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const mayComment = activeProfile !== undefined && (activeProfile.role === 'director' || settings.traineesMayComment);
  const add = async (event: React.FormEvent): Promise<void> => {
    event.preventDefault();
    if (!activeProfile) return;
    try {
      await api.commentAdd({ attemptId, authorProfileId: activeProfile.id, step, text });
      setText('');
      setError(null);
      reload();
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };
  return (
    <section aria-labelledby="comments-title">
      <h2 id="comments-title">Comments</h2>
      <Loading state={comments}>
        {({ comments: list }) =>
          list.length === 0 ? (
            <p className="hint">No comments yet.</p>
          ) : (
            <ol className="timeline" data-testid="comments">
              {list.map((comment) => (
                <li key={comment.id}>
                  <button type="button" className="link" onClick={() => onSeek(comment.step)}>
                    {formatTime(comment.step / SIM_STEP_HZ)}
                  </button>{' '}
                  <strong>{comment.authorName}</strong>: {comment.text}
                </li>
              ))}
            </ol>
          )
        }
      </Loading>
      {mayComment ? (
        <form onSubmit={(event) => void add(event)} className="comment-form">
          <label className="field">
            <span>Comment at {formatTime(step / SIM_STEP_HZ)}</span>
            <textarea
              aria-label="Comment"
              value={text}
              maxLength={2000}
              onChange={(event) => setText(event.target.value)}
            />
          </label>
          <button type="submit" disabled={text.trim().length === 0}>
            Add comment
          </button>
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
        </form>
      ) : (
        <p className="hint">Only directors may comment on this workstation.</p>
      )}
    </section>
  );
}

/**
 * Saves the attempt as an `.irreplay` (gzip JSON: case, core, commands and the verified result),
 * for another workstation or `npm run cli -- replay verify`. The browser (or Electron) asks where.
 */
async function exportReplay(data: ReplayData, profiles: readonly Profile[]): Promise<void> {
  const { record } = data;
  const profile = profiles.find((candidate) => candidate.id === record.profileId);
  const file: ReplayFile = {
    format: replayFileFormat,
    scenarioId: data.scenario.id,
    scenarioVersion: data.scenario.version,
    coreVersion: data.coreVersion,
    seed: null,
    totalSteps: data.totalSteps,
    commands: data.commands,
    claimed: data.claimed,
    ...(profile
      ? {
          attempt: {
            id: record.id,
            profile: {
              id: profile.id,
              displayName: profile.displayName,
              role: profile.role,
              trainingYear: profile.trainingYear,
              createdAt: profile.createdAt,
            },
            startedAt: record.startedAt,
            finishedAt: record.finishedAt,
            assignmentId: record.assignmentId,
            passMark: record.passMark,
            verification: record.verification,
          },
        }
      : {}),
  };
  const compressed = new Blob([JSON.stringify(file)]).stream().pipeThrough(new CompressionStream('gzip'));
  saveFile(`${data.scenario.id}-${data.attemptId.slice(0, 8)}.irreplay`, await new Response(compressed).blob());
}
