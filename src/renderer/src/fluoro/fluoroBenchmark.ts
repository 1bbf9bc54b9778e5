import { totalSampleCount } from '../../../sim/flow/contrast.ts';
import { setVesselContrast } from '../../../sim/imaging/patient-attenuators.ts';
import type { ImagingFrame } from '../sim-worker/messages.ts';
import { displaySettingsFor, type PatientShadow } from './fluoroImaging.ts';
import { FluoroRenderer, type FluoroView } from './FluoroRenderer.ts';

/**
 * Mean milliseconds of a full DSA frame at `sizePx` square: the moving attenuators (every vessel
 * carrying contrast, the devices as they are) integrated, subtracted from a mask, noise added,
 * windowed; a one-pixel read after the loop waits for the GPU. The still body is integrated once
 * before timing, as in use (it changes only with the C-arm). For `npm run bench`.
 */
export function timeFluoroFrames(
  shadow: PatientShadow,
  view: FluoroView,
  imaging: ImagingFrame,
  patientThicknessCm: number,
  levelMu: number,
  sizePx: number,
  count: number,
): number {
  const canvas = document.createElement('canvas');
  const renderer = new FluoroRenderer(canvas, sizePx);
  try {
    renderer.setStill(shadow.still);
    renderer.setMoving([shadow.vessels, shadow.moving]);
    renderer.setView(view);
    setVesselContrast(shadow.vessels, shadow.tree, new Float32Array(totalSampleCount(shadow.tree)).fill(0.3));
    const display = displaySettingsFor('dsa', 3, imaging.pose, patientThicknessCm, levelMu, {
      windowScale: 1,
      levelOffsetMu: 0,
    });
    renderer.movingChanged();
    renderer.captureMask();
    renderer.render('subtracted', display, 0);
    renderer.probe(0, 0);
    const start = performance.now();
    for (let frame = 1; frame <= count; frame++) {
      renderer.movingChanged();
      renderer.render('subtracted', display, frame);
    }
    renderer.probe(0, 0);
    return (performance.now() - start) / count;
  } finally {
    renderer.dispose();
  }
}
