import {
  cArmLimits,
  clampCArmPose,
  fieldOfViewModesCm,
  projectionName,
  type CArmPose,
  type FieldOfViewCm,
  type WorkingProjection,
} from '../../../../sim/imaging/carm.ts';
import { defaultCArmGeometry } from '../../../../sim/imaging/carm-geometry.ts';
import { useEffect, useRef } from 'react';
import type { ImagingSettings, ParticleLoad } from '../../../../sim/simulation.ts';
import type { PedalState } from '../../controls/pedals.ts';
import type { DisplayAdjust } from '../../fluoro/FluoroMonitor.tsx';
import { formatTime } from '../../fluoro/formatTime.ts';
import type { ImagingFrame } from '../../sim-worker/messages.ts';

/** Working views a trainee reaches for, one click each. */
const workingViews: { name: string; laoDeg: number; cranDeg: number }[] = [
  { name: 'AP', laoDeg: 0, cranDeg: 0 },
  { name: 'LAO 30', laoDeg: 30, cranDeg: 0 },
  { name: 'RAO 30', laoDeg: -30, cranDeg: 0 },
  { name: 'Lateral', laoDeg: 90, cranDeg: 0 },
  { name: 'AP CRAN 20', laoDeg: 0, cranDeg: 20 },
  { name: 'LAO 45 CAUD 15', laoDeg: 45, cranDeg: -15 },
];

const fluoroscopyRates = [3.75, 7.5, 15, 30];
const dsaRates = [1, 2, 3, 4, 6];
const cineRates = [7.5, 15, 30];

/** Dose and contrast as a real system's display shows them. */
export function DoseReadout({ imaging }: { imaging: ImagingFrame | null }) {
  const dose = imaging?.dose;
  return (
    <dl className="facts dose-readout" data-testid="dose-readout">
      <dt>Air kerma</dt>
      <dd data-testid="air-kerma">{(dose?.referenceAirKermaMGy ?? 0).toFixed(1)} mGy</dd>
      <dt>DAP</dt>
      <dd data-testid="dap">{(dose?.kermaAreaProductGyCm2 ?? 0).toFixed(2)} Gy·cm²</dd>
      <dt>Fluoro time</dt>
      <dd data-testid="fluoro-time">{formatTime(dose?.fluoroscopyTimeS ?? 0)}</dd>
      <dt>Runs</dt>
      <dd>
        {dose?.acquisitionRuns ?? 0} ({Math.round(dose?.acquisitionFrames ?? 0)} frames)
      </dd>
      <dt>Contrast</dt>
      <dd data-testid="contrast-total">{(imaging?.contrastInjectedMl ?? 0).toFixed(1)} mL</dd>
    </dl>
  );
}

export function CArmControls({
  pose,
  onChange,
  stored,
  onStore,
}: {
  pose: CArmPose;
  onChange(pose: CArmPose): void;
  /** Working views the trainee stored this session, to come back to in one click. */
  stored: readonly WorkingProjection[];
  onStore(view: WorkingProjection): void;
}) {
  const set = (change: Partial<CArmPose>): void => onChange(clampCArmPose({ ...pose, ...change }));
  const shutter = pose.collimation.leftFraction;
  return (
    <section aria-labelledby="carm-title">
      <h2 id="carm-title">C-arm</h2>
      <p className="projection" data-testid="projection">
        {projectionName(pose)} · FOV {pose.fieldOfViewCm} cm · SID {pose.sourceToDetectorMm} mm
      </p>
      <p className="hint">
        Magnification ×{(pose.sourceToDetectorMm / defaultCArmGeometry.sourceToIsocentreMm).toFixed(2)} at the isocentre
      </p>
      <div className="view-buttons" role="group" aria-label="Working views">
        {workingViews.map((view) => (
          <button
            key={view.name}
            type="button"
            className="secondary"
            onClick={() => set({ laoDeg: view.laoDeg, cranDeg: view.cranDeg })}
          >
            {view.name}
          </button>
        ))}
      </div>
      <div className="view-buttons" role="group" aria-label="Stored views">
        <button
          type="button"
          className="secondary"
          onClick={() => onStore({ name: projectionName(pose), laoDeg: pose.laoDeg, cranDeg: pose.cranDeg })}
        >
          Store this view
        </button>
        {stored.map((view) => (
          <button
            key={view.name}
            type="button"
            className="secondary"
            onClick={() => set({ laoDeg: view.laoDeg, cranDeg: view.cranDeg })}
          >
            ★ {view.name}
          </button>
        ))}
      </div>
      <label className="slider">
        <span>
          {pose.laoDeg >= 0 ? 'LAO' : 'RAO'} {Math.abs(pose.laoDeg)}°
        </span>
        <input
          type="range"
          aria-label="LAO / RAO angle"
          min={cArmLimits.laoDeg.min}
          max={cArmLimits.laoDeg.max}
          value={pose.laoDeg}
          onChange={(event) => set({ laoDeg: Number(event.target.value) })}
        />
      </label>
      <label className="slider">
        <span>
          {pose.cranDeg >= 0 ? 'CRAN' : 'CAUD'} {Math.abs(pose.cranDeg)}°
        </span>
        <input
          type="range"
          aria-label="CRAN / CAUD angle"
          min={cArmLimits.cranDeg.min}
          max={cArmLimits.cranDeg.max}
          value={pose.cranDeg}
          onChange={(event) => set({ cranDeg: Number(event.target.value) })}
        />
      </label>
      <label className="field">
        <span>Field of view</span>
        <select
          value={pose.fieldOfViewCm}
          onChange={(event) => set({ fieldOfViewCm: Number(event.target.value) as FieldOfViewCm })}
        >
          {fieldOfViewModesCm.map((fov) => (
            <option key={fov} value={fov}>
              {fov} cm
            </option>
          ))}
        </select>
      </label>
      <label className="slider">
        <span>SID {pose.sourceToDetectorMm} mm</span>
        <input
          type="range"
          aria-label="Source to detector distance"
          min={cArmLimits.sourceToDetectorMm.min}
          max={cArmLimits.sourceToDetectorMm.max}
          step={10}
          value={pose.sourceToDetectorMm}
          onChange={(event) => set({ sourceToDetectorMm: Number(event.target.value) })}
        />
      </label>
      <label className="slider">
        <span>Collimation {Math.round(shutter * 200)}%</span>
        <input
          type="range"
          aria-label="Collimation"
          min={0}
          max={cArmLimits.shutterFraction.max}
          step={0.01}
          value={shutter}
          onChange={(event) => {
            const fraction = Number(event.target.value);
            set({
              collimation: {
                leftFraction: fraction,
                rightFraction: fraction,
                topFraction: fraction,
                bottomFraction: fraction,
              },
            });
          }}
        />
      </label>
      <label className="slider">
        <span>Table head–foot {pose.table.longitudinalMm} mm</span>
        <input
          type="range"
          aria-label="Table head to foot"
          min={cArmLimits.table.longitudinalMm.min}
          max={cArmLimits.table.longitudinalMm.max}
          step={5}
          value={pose.table.longitudinalMm}
          onChange={(event) => set({ table: { ...pose.table, longitudinalMm: Number(event.target.value) } })}
        />
      </label>
      <label className="slider">
        <span>Table left–right {pose.table.lateralMm} mm</span>
        <input
          type="range"
          aria-label="Table left to right"
          min={cArmLimits.table.lateralMm.min}
          max={cArmLimits.table.lateralMm.max}
          step={5}
          value={pose.table.lateralMm}
          onChange={(event) => set({ table: { ...pose.table, lateralMm: Number(event.target.value) } })}
        />
      </label>
      <label className="slider">
        <span>Table height {pose.table.heightMm} mm</span>
        <input
          type="range"
          aria-label="Table height"
          min={cArmLimits.table.heightMm.min}
          max={cArmLimits.table.heightMm.max}
          step={5}
          value={pose.table.heightMm}
          onChange={(event) => set({ table: { ...pose.table, heightMm: Number(event.target.value) } })}
        />
      </label>
    </section>
  );
}

export function FluoroscopyControls(props: {
  settings: ImagingSettings;
  onSettings(settings: ImagingSettings): void;
  pedals: { press(pedal: keyof PedalState): void; release(pedal: keyof PedalState): void };
  roadmapOn: boolean;
  roadmapReady: boolean;
  onRoadmap(on: boolean): void;
  adjust: DisplayAdjust;
  onAdjust(adjust: DisplayAdjust): void;
}) {
  const { settings, onSettings, pedals, adjust, onAdjust } = props;
  const acquisitionRates = settings.acquisitionMode === 'dsa' ? dsaRates : cineRates;
  const hold = (pedal: keyof PedalState) => ({
    onPointerDown: () => pedals.press(pedal),
    onPointerUp: () => pedals.release(pedal),
    onPointerLeave: () => pedals.release(pedal),
  });
  return (
    <section aria-labelledby="fluoro-title">
      <h2 id="fluoro-title">Fluoroscopy</h2>
      <div className="view-buttons" role="group" aria-label="Pedals">
        <button type="button" {...hold('fluoro')} data-testid="fluoro-pedal">
          Fluoro (hold · Space)
        </button>
        <button type="button" {...hold('acquire')} data-testid="acquire-pedal">
          {settings.acquisitionMode === 'dsa' ? 'DSA' : 'Cine'} run (hold · X)
        </button>
      </div>
      <label className="field">
        <span>Fluoroscopy</span>
        <select
          aria-label="Fluoroscopy mode"
          value={settings.fluoroscopyMode}
          onChange={(event) =>
            onSettings({ ...settings, fluoroscopyMode: event.target.value as ImagingSettings['fluoroscopyMode'] })
          }
        >
          <option value="fluoro">normal dose</option>
          <option value="fluoro-low">low dose</option>
        </select>
      </label>
      <label className="field">
        <span>Pulse rate</span>
        <select
          aria-label="Pulse rate"
          value={settings.fluoroscopyPulsesPerSecond}
          onChange={(event) => onSettings({ ...settings, fluoroscopyPulsesPerSecond: Number(event.target.value) })}
        >
          {fluoroscopyRates.map((rate) => (
            <option key={rate} value={rate}>
              {rate} p/s
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Acquisition</span>
        <select
          aria-label="Acquisition mode"
          value={settings.acquisitionMode}
          onChange={(event) => {
            const mode = event.target.value as ImagingSettings['acquisitionMode'];
            onSettings({ ...settings, acquisitionMode: mode, acquisitionFramesPerSecond: mode === 'dsa' ? 3 : 15 });
          }}
        >
          <option value="dsa">DSA (subtracted)</option>
          <option value="cine">cine</option>
        </select>
      </label>
      <label className="field">
        <span>Frame rate</span>
        <select
          aria-label="Acquisition frame rate"
          value={settings.acquisitionFramesPerSecond}
          onChange={(event) => onSettings({ ...settings, acquisitionFramesPerSecond: Number(event.target.value) })}
        >
          {acquisitionRates.map((rate) => (
            <option key={rate} value={rate}>
              {rate} f/s
            </option>
          ))}
        </select>
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={props.roadmapOn}
          disabled={!props.roadmapReady}
          onChange={(event) => props.onRoadmap(event.target.checked)}
        />
        Roadmap {props.roadmapReady ? '(from the last DSA run)' : '(take a DSA run first)'}
      </label>
      <label className="slider">
        <span>Window ×{adjust.windowScale.toFixed(1)}</span>
        <input
          type="range"
          aria-label="Window"
          min={0.3}
          max={3}
          step={0.1}
          value={adjust.windowScale}
          onChange={(event) => onAdjust({ ...adjust, windowScale: Number(event.target.value) })}
        />
      </label>
      <label className="slider">
        <span>
          Level {adjust.levelOffsetMu >= 0 ? '+' : ''}
          {adjust.levelOffsetMu.toFixed(1)}
        </span>
        <input
          type="range"
          aria-label="Level"
          min={-1.5}
          max={1.5}
          step={0.1}
          value={adjust.levelOffsetMu}
          onChange={(event) => onAdjust({ ...adjust, levelOffsetMu: Number(event.target.value) })}
        />
      </label>
    </section>
  );
}

export interface InjectorSettings {
  rateMlPerS: number;
  volumeMl: number;
  /** Fire with the acquisition pedal after `xrayDelayS`, so the run's first frame (its mask) has no contrast. */
  withRun: boolean;
}

/** The injector's delay after an acquisition starts (s), as angiography injectors link to the run (est.). */
export const xrayDelayS = 1;

export function InjectorControls(props: {
  injector: InjectorSettings;
  onChange(injector: InjectorSettings): void;
  onInject(): void;
  onStop(): void;
  imaging: ImagingFrame | null;
  refusal: string | null;
  /** Particles suspended in the contrast (chosen under Treatment), or null for contrast only. */
  particles: ParticleLoad | null;
}) {
  const { injector, onChange, particles } = props;
  const carried = particles
    ? `Contrast carrying ${Math.round(particles.diameterMm * 1000)} µm particles (${particles.mlPerMl.toFixed(2)} mL per mL)`
    : 'Contrast';
  return (
    <section aria-labelledby="injector-title">
      <h2 id="injector-title">Injector</h2>
      <label className="field">
        <span>Rate (mL/s)</span>
        <input
          type="number"
          aria-label="Injection rate"
          min={0.5}
          max={30}
          step={0.5}
          value={injector.rateMlPerS}
          onChange={(event) => onChange({ ...injector, rateMlPerS: Number(event.target.value) })}
        />
      </label>
      <label className="field">
        <span>Volume (mL)</span>
        <input
          type="number"
          aria-label="Injection volume"
          min={0.5}
          max={100}
          step={0.5}
          value={injector.volumeMl}
          onChange={(event) => onChange({ ...injector, volumeMl: Number(event.target.value) })}
        />
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={injector.withRun}
          onChange={(event) => onChange({ ...injector, withRun: event.target.checked })}
        />
        Fire with the acquisition ({xrayDelayS} s X-ray delay)
      </label>
      <div className="view-buttons">
        <button type="button" onClick={props.onInject} data-testid="inject">
          Inject (I)
        </button>
        <button type="button" className="secondary" onClick={props.onStop} disabled={!props.imaging?.injecting}>
          Stop
        </button>
      </div>
      <p className="hint" data-testid="injector-status">
        {props.imaging?.injecting ? 'Injecting…' : 'Ready.'} {carried} from the tip of the innermost catheter.
      </p>
      {props.refusal && (
        <p className="error" role="alert">
          {props.refusal}
        </p>
      )}
    </section>
  );
}

/** I injects with the injector's settings (not while typing in a field). */
export function useInjectKey(inject: () => void): void {
  const latest = useRef(inject);
  useEffect(() => {
    latest.current = inject;
  });
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.code !== 'KeyI' || event.repeat || event.ctrlKey || event.metaKey || event.altKey) return;
      const target = event.target;
      if (target instanceof HTMLElement && ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName)) return;
      latest.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
