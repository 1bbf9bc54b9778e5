import { useEffect, useMemo, useRef, useState } from 'react';
import { projectionName } from '../../../sim/imaging/carm.ts';
import type { ExposureMode } from '../../../sim/imaging/dose.ts';
import type { AnatomyScene } from '../scene/anatomyBuild.ts';
import type { PatientPlacement } from '../scene/patientPlacement.ts';
import type { LiveFrames } from '../sim-worker/liveFrames.ts';
import type { ImagingFrame } from '../sim-worker/messages.ts';
import { useImagingReadout } from '../sim-worker/useImagingReadout.ts';
import { formatTime } from './formatTime.ts';
import { displaySettingsFor, patientShadowFor, poseKey, updatePatientShadow } from './fluoroImaging.ts';
import './fluoroProbe.ts';
import { FluoroRenderer, type FluoroImageKind, type FluoroView } from './FluoroRenderer.ts';
import { automaticLevelMu, fluoroViewFor, pixelMmAtIsocentre, pixelOf } from './fluoroView.ts';
import { timeFluoroFrames } from './fluoroBenchmark.ts';

/** A stored acquisition: every frame as shown, for the reference monitor and review. */
export interface AcquisitionRun {
  number: number;
  mode: ExposureMode;
  framesPerSecond: number;
  projection: string;
  frames: ImageBitmap[];
}

export interface DisplayAdjust {
  windowScale: number;
  levelOffsetMu: number;
}

interface FluoroMonitorProps {
  scene: AnatomyScene;
  placement: PatientPlacement;
  frames: LiveFrames;
  patientThicknessCm: number;
  sizePx: number;
  roadmapOn: boolean;
  adjust: DisplayAdjust;
  onRun(run: AcquisitionRun): void;
  /** Whether a roadmap (a maximum-opacity vessel map from a DSA run) is ready to overlay. */
  onRoadmapReady(ready: boolean): void;
}

/**
 * The live fluoroscopy monitor. While a pedal is pressed it images at the pulse rate: the
 * latest simulation frame's devices and contrast, Beer–Lambert through the patient, noise and
 * window; released, it holds the last image (LIH). An acquisition pedal in DSA takes a mask at
 * its first frame, shows live minus mask and builds the roadmap from the run's most opaque
 * pixels; every acquisition frame is kept for the reference monitor.
 */
export function FluoroMonitor(props: FluoroMonitorProps) {
  const { scene, placement, frames, patientThicknessCm, sizePx } = props;
  const canvas = useRef<HTMLCanvasElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<{ beam: ImagingFrame['beam']; held: boolean; label: string }>({
    beam: 'off',
    held: false,
    label: '',
  });
  const latest = useRef(props);
  latest.current = props;

  const deviceNodes = frames.devices.reduce((sum, device) => sum + device.description.nodeCount, 0);
  const shadow = useMemo(
    () => patientShadowFor(scene, deviceNodes, patientThicknessCm),
    [scene, deviceNodes, patientThicknessCm],
  );

  useEffect(() => {
    if (!canvas.current) return;
    let renderer: FluoroRenderer;
    try {
      renderer = new FluoroRenderer(canvas.current, sizePx);
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
      return;
    }
    renderer.setStill(shadow.still);
    renderer.setMoving([shadow.vessels, shadow.moving]);
    let viewKey = '';
    let view: FluoroView | null = null;
    let levelMu = 4;
    let minRadiusMm = 0.2;
    let pulses = 0;
    let lastPulseMs = -Infinity;
    let beam: ImagingFrame['beam'] = 'off';
    let run: AcquisitionRun | null = null;
    let runs = 0;
    let roadmapReady = false;
    let raf = 0;
    window.irTrainerFluoroProbe = {
      sizePx,
      get pulses() {
        return pulses;
      },
      muAt: (x, y) => renderer.probe(x, y),
      pixelOf: (lps) => (view ? pixelOf(view, lps, sizePx) : null),
      msPerFrame: (size, count) => {
        const imaging = latest.current.frames.imaging;
        if (!view || !imaging) throw new Error('take a fluoroscopy frame first: the benchmark uses its view');
        return timeFluoroFrames(shadow, view, imaging, patientThicknessCm, levelMu, size, count);
      },
    };

    const pulse = (imaging: ImagingFrame, kind: FluoroImageKind, firstOfRun: boolean): void => {
      const { frames: live } = latest.current;
      const key = poseKey(imaging.pose) + placement.translationMm.join(',');
      if (key !== viewKey) {
        viewKey = key;
        view = fluoroViewFor(imaging.pose, placement);
        renderer.setView(view);
        levelMu = automaticLevelMu(imaging.pose, placement, shadow.still);
        minRadiusMm = 0.75 * pixelMmAtIsocentre(imaging.pose, sizePx);
      }
      updatePatientShadow(shadow, live, imaging, minRadiusMm);
      renderer.movingChanged();
      if (firstOfRun && kind === 'subtracted') {
        renderer.captureMask();
        renderer.clearRoadmap();
      }
      const display = displaySettingsFor(
        imaging.mode,
        imaging.pulsesPerSecond,
        imaging.pose,
        patientThicknessCm,
        levelMu,
        latest.current.adjust,
      );
      renderer.render(kind, display, pulses);
      if (kind === 'subtracted') renderer.accumulateRoadmap();
      pulses++;
    };

    const loop = (nowMs: number): void => {
      raf = requestAnimationFrame(loop);
      const imaging = latest.current.frames.imaging;
      if (!imaging) return;
      const wasBeam = beam;
      beam = imaging.beam;
      if (beam !== wasBeam) {
        if (wasBeam === 'acquire' && run) {
          const finished = run;
          run = null;
          if (finished.mode === 'dsa' && finished.frames.length > 0 && !roadmapReady) {
            roadmapReady = true;
            latest.current.onRoadmapReady(true);
          }
          latest.current.onRun(finished);
        }
        if (beam === 'acquire') {
          run = {
            number: ++runs,
            mode: imaging.mode,
            framesPerSecond: imaging.pulsesPerSecond,
            projection: projectionName(imaging.pose),
            frames: [],
          };
        }
        setStatus({
          beam,
          held: beam === 'off' && pulses > 0,
          label:
            beam === 'off'
              ? ''
              : `${imaging.mode.toUpperCase()} ${imaging.pulsesPerSecond} ${beam === 'acquire' ? 'f/s' : 'p/s'}`,
        });
        lastPulseMs = -Infinity;
      }
      if (beam === 'off') return;
      if (nowMs - lastPulseMs < 1000 / imaging.pulsesPerSecond) return;
      lastPulseMs = nowMs;
      const acquiring = beam === 'acquire' && run !== null;
      const kind: FluoroImageKind =
        acquiring && run!.mode === 'dsa'
          ? 'subtracted'
          : latest.current.roadmapOn && roadmapReady
            ? 'roadmap'
            : 'fluoro';
      pulse(imaging, kind, acquiring && run!.frames.length === 0);
      if (acquiring && canvas.current) {
        const target = run!;
        void createImageBitmap(canvas.current).then((bitmap) => target.frames.push(bitmap));
      }
    };
    raf = requestAnimationFrame(loop);
    return () => {
      cancelAnimationFrame(raf);
      renderer.dispose();
      if (window.irTrainerFluoroProbe?.sizePx === sizePx) delete window.irTrainerFluoroProbe;
    };
  }, [shadow, placement, patientThicknessCm, sizePx]);

  const imaging = frames.imaging;
  const readout = useImagingReadout(frames);
  return (
    <div className="monitor fluoro-monitor" data-testid="fluoro-monitor">
      <canvas ref={canvas} width={sizePx} height={sizePx} data-testid="fluoro-canvas" aria-label="Live fluoroscopy" />
      {error && (
        <p className="monitor-error" role="alert">
          Fluoroscopy cannot run here: {error}
        </p>
      )}
      <div className="monitor-overlay top-left">
        {status.beam !== 'off' ? (
          <span className="xray-on" data-testid="xray-on">
            ☢ {status.label}
          </span>
        ) : status.held ? (
          <span data-testid="last-image-hold">LIH</span>
        ) : (
          <span>Press Space for fluoroscopy</span>
        )}
      </div>
      {imaging && (
        <div className="monitor-overlay top-right">
          {projectionName(imaging.pose)} · FOV {imaging.pose.fieldOfViewCm}
        </div>
      )}
      {readout && (
        <div className="monitor-overlay bottom-left" data-testid="monitor-dose">
          Ka,r {readout.dose.referenceAirKermaMGy.toFixed(1)} mGy · KAP {readout.dose.kermaAreaProductGyCm2.toFixed(2)}{' '}
          Gy·cm² · Fluoro {formatTime(readout.dose.fluoroscopyTimeS)} · Contrast {readout.contrastInjectedMl.toFixed(0)}{' '}
          mL
        </div>
      )}
    </div>
  );
}
