import { useCallback, useState } from 'react';
import {
  coilDiametersMm,
  coilLengthsCm,
  particleClasses,
  stentRetrievers,
} from '../../../../sim/devices/therapeutic.ts';
import type { ScenarioHeader } from '../../../../sim/scenario/header.ts';
import type { ParticleLoad, SimCommand } from '../../../../sim/simulation.ts';
import type { TherapyCommand } from '../../../../sim/therapy.ts';
import type { LiveFrames } from '../../sim-worker/liveFrames.ts';
import type { TherapyFrame } from '../../sim-worker/messages.ts';
import { useTherapyReadout } from '../../sim-worker/useTherapyReadout.ts';

/** Particles the injector suspends in its contrast: a size class (null: contrast only) and mL of particles per mL. */
export interface ParticleChoice {
  classId: string | null;
  mlPerMl: number;
}

/** Particle concentration (mL of particles per mL injected): the range offered and the default. */
const particleMlPerMlRange = { min: 0.02, max: 0.3, default: 0.1 } as const;

export const contrastOnly: ParticleChoice = { classId: null, mlPerMl: particleMlPerMlRange.default };

/** What the injector's command carries for `choice` (nothing for contrast only), the concentration held in range. */
export function particleLoad(choice: ParticleChoice): ParticleLoad | null {
  const chosen = particleClasses.find((candidate) => candidate.id === choice.classId);
  if (!chosen) return null;
  const { min, max } = particleMlPerMlRange;
  const mlPerMl = Number.isFinite(choice.mlPerMl) ? Math.min(max, Math.max(min, choice.mlPerMl)) : min;
  return { diameterMm: chosen.diameterMm, mlPerMl };
}

/** The panel whose command the worker's refusals answer. */
export type CommandPanel = 'injector' | 'treatment';

/**
 * Routes the worker's refusals to the panel that sent the command they answer: the one that
 * sent last before the refusal came. A refusal older than its panel's last command is not shown
 * (that command went through). Commands sent from neither (the C-arm, the pedals) are answered
 * where the last panel command came from, the injector at first.
 */
export function useRefusals(
  send: (command: SimCommand) => void,
  refusal: { message: string; at: number } | null,
): {
  sendFrom(panel: CommandPanel, command: SimCommand): void;
  refusalFor(panel: CommandPanel): string | null;
} {
  const [lastSent, setLastSent] = useState<{ panel: CommandPanel; atMs: number }>({
    panel: 'injector',
    atMs: -Infinity,
  });
  const sendFrom = useCallback(
    (panel: CommandPanel, command: SimCommand) => {
      setLastSent({ panel, atMs: performance.now() });
      send(command);
    },
    [send],
  );
  const refusalFor = (panel: CommandPanel): string | null =>
    refusal && lastSent.panel === panel && refusal.at >= lastSent.atMs ? refusal.message : null;
  return { sendFrom, refusalFor };
}

/**
 * Treatment: embolics (particles for the injector, coils) for embolization, stent retrievers,
 * aspiration and the balloon guide for thrombectomy; free practice offers both. The readout
 * below is the worker's: passes and mTICI per clot, particles delivered, coils and where the
 * last one went.
 */
export function TherapyPanel({
  procedure,
  frames,
  particles,
  onParticles,
  onCommand,
  refusal,
}: {
  /** The case's procedure, or null in free practice. */
  procedure: ScenarioHeader['procedure'] | null;
  frames: LiveFrames | null;
  particles: ParticleChoice;
  onParticles(particles: ParticleChoice): void;
  onCommand(command: TherapyCommand): void;
  /** Why the last treatment command was refused, or null. */
  refusal: string | null;
}) {
  const therapy = useTherapyReadout(frames);
  const embolics = procedure === null || procedure === 'embolization';
  const thrombectomy = procedure === null || procedure === 'thrombectomy';
  if (!embolics && !thrombectomy) return null;
  const ready = frames !== null;
  return (
    <section aria-labelledby="treatment-title" className="treatment">
      <h2 id="treatment-title">Treatment</h2>
      {embolics && (
        <EmbolicControls ready={ready} particles={particles} onParticles={onParticles} onCommand={onCommand} />
      )}
      {thrombectomy && (
        <ThrombectomyControls ready={ready} balloonInflated={therapy.balloonInflated} onCommand={onCommand} />
      )}
      {refusal && (
        <p className="form-error" role="alert" data-testid="therapy-refusal">
          {refusal}
        </p>
      )}
      <TherapyReadout therapy={therapy} embolics={embolics} thrombectomy={thrombectomy} />
    </section>
  );
}

function EmbolicControls({
  ready,
  particles,
  onParticles,
  onCommand,
}: {
  ready: boolean;
  particles: ParticleChoice;
  onParticles(particles: ParticleChoice): void;
  onCommand(command: TherapyCommand): void;
}) {
  const [coil, setCoil] = useState<{ diameterMm: number; lengthCm: number }>({ diameterMm: 6, lengthCm: 10 });
  return (
    <fieldset className="treatment-group">
      <legend>Embolics</legend>
      <label className="field">
        <span>Particles (in the injector)</span>
        <select
          value={particles.classId ?? ''}
          onChange={(event) => onParticles({ ...particles, classId: event.target.value || null })}
        >
          <option value="">none (contrast only)</option>
          {particleClasses.map((particleClass) => (
            <option key={particleClass.id} value={particleClass.id}>
              {particleClass.name}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Particle concentration (mL per mL)</span>
        <input
          type="number"
          min={particleMlPerMlRange.min}
          max={particleMlPerMlRange.max}
          step={0.01}
          value={particles.mlPerMl}
          disabled={particles.classId === null}
          onChange={(event) => onParticles({ ...particles, mlPerMl: Number(event.target.value) })}
        />
      </label>
      <div className="treatment-row">
        <label className="field">
          <span>Coil diameter</span>
          <select
            value={coil.diameterMm}
            onChange={(event) => setCoil({ ...coil, diameterMm: Number(event.target.value) })}
          >
            {coilDiametersMm.map((diameterMm) => (
              <option key={diameterMm} value={diameterMm}>
                {diameterMm} mm
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Coil length</span>
          <select
            value={coil.lengthCm}
            onChange={(event) => setCoil({ ...coil, lengthCm: Number(event.target.value) })}
          >
            {coilLengthsCm.map((lengthCm) => (
              <option key={lengthCm} value={lengthCm}>
                {lengthCm} cm
              </option>
            ))}
          </select>
        </label>
      </div>
      <button type="button" disabled={!ready} onClick={() => onCommand({ kind: 'deploy-coil', ...coil })}>
        Deploy coil
      </button>
      <p className="hint">Particles go with the next injection (I); a coil leaves the innermost catheter&apos;s tip.</p>
    </fieldset>
  );
}

function ThrombectomyControls({
  ready,
  balloonInflated,
  onCommand,
}: {
  ready: boolean;
  balloonInflated: boolean;
  onCommand(command: TherapyCommand): void;
}) {
  const [stentRetrieverId, setStentRetrieverId] = useState(
    () => (stentRetrievers.find((spec) => spec.id === 'stent-retriever-4x20') ?? stentRetrievers[0]!).id,
  );
  const [aspirationDuringPullBack, setAspirationDuringPullBack] = useState(false);
  const [aspirationS, setAspirationS] = useState(60);
  return (
    <fieldset className="treatment-group">
      <legend>Thrombectomy</legend>
      <label className="field">
        <span>Stent retriever</span>
        <select value={stentRetrieverId} onChange={(event) => setStentRetrieverId(event.target.value)}>
          {stentRetrievers.map((spec) => (
            <option key={spec.id} value={spec.id}>
              {spec.name}
            </option>
          ))}
        </select>
      </label>
      <div className="view-buttons">
        <button
          type="button"
          disabled={!ready}
          onClick={() => onCommand({ kind: 'deploy-stent-retriever', stentRetrieverId })}
        >
          Unsheathe stent retriever
        </button>
        <button
          type="button"
          disabled={!ready}
          onClick={() => onCommand({ kind: 'retrieve-stent-retriever', aspiration: aspirationDuringPullBack })}
        >
          Pull back (pass)
        </button>
        <button
          type="button"
          className="secondary"
          disabled={!ready}
          onClick={() => onCommand({ kind: 'resheath-stent-retriever' })}
        >
          Resheath
        </button>
      </div>
      <label className="check">
        <input
          type="checkbox"
          checked={aspirationDuringPullBack}
          onChange={(event) => setAspirationDuringPullBack(event.target.checked)}
        />
        aspirate during pull-back
      </label>
      <div className="treatment-row">
        <label className="field">
          <span>Aspiration duration (s)</span>
          <input
            type="number"
            min={0}
            max={600}
            step={5}
            value={aspirationS}
            onChange={(event) => setAspirationS(Number(event.target.value))}
          />
        </label>
        <button type="button" disabled={!ready} onClick={() => onCommand({ kind: 'aspirate', durationS: aspirationS })}>
          Aspirate (pass)
        </button>
      </div>
      <button
        type="button"
        className="secondary"
        aria-pressed={balloonInflated}
        disabled={!ready}
        onClick={() => onCommand({ kind: 'balloon', inflated: !balloonInflated })}
      >
        {balloonInflated ? 'Deflate balloon' : 'Inflate balloon'}
      </button>
    </fieldset>
  );
}

/** The worker's treatment state, in the words a trainee reads it. */
function TherapyReadout({
  therapy,
  embolics,
  thrombectomy,
}: {
  therapy: TherapyFrame;
  embolics: boolean;
  thrombectomy: boolean;
}) {
  return (
    <ul className="treatment-readout" data-testid="therapy-readout">
      {thrombectomy && (
        <>
          <li>
            Passes {therapy.passes}
            {therapy.tici.length > 0 && ` · mTICI ${therapy.tici.join(', ')}`}
          </li>
          {therapy.lastPass && <li>{therapy.lastPass}</li>}
          <li>
            Stent retriever {therapy.stentRetrieverDeployed ? 'unsheathed' : 'not deployed'} · balloon{' '}
            {therapy.balloonInflated ? 'inflated (flow arrest)' : 'deflated'}
          </li>
        </>
      )}
      {embolics && (
        <>
          <li>
            Particles {therapy.particlesMl.toFixed(2)} mL ({therapy.particlesRefluxedMl.toFixed(2)} mL refluxed)
          </li>
          <li>
            Coils {therapy.coils}
            {therapy.lastCoil && ` — last: ${therapy.lastCoil}`}
          </li>
        </>
      )}
    </ul>
  );
}
