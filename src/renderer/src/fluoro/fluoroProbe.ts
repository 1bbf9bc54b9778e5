/** Read-only probes for end-to-end checks: the image's Σμx at a pixel and how many pulses it has shown. */
export interface FluoroProbe {
  sizePx: number;
  pulses: number;
  /** Σμx (no noise) at a pixel counted from the top-left in the last frame: the still body's, and the vessels' and devices'. */
  muAt(xPx: number, yPx: number): { still: number; moving: number };
  /** Where a patient point (LPS mm) lands on the image, in pixels from the top-left, for the current view. */
  pixelOf(lps: readonly [number, number, number]): [number, number] | null;
  /**
   * Times `count` fluoroscopy frames of `sizePx` square on a canvas of its own, in the current
   * view with contrast in every vessel: each frame integrates what moves, subtracts a mask and
   * adds noise (a DSA frame). Mean milliseconds per frame.
   */
  msPerFrame(sizePx: number, count: number): number;
}

/** Timing of the plain 3D view (scene/SceneProbe.tsx). */
export interface SceneProbe {
  msPerFrame(sizePx: number, count: number): number;
}

declare global {
  interface Window {
    irTrainerFluoroProbe?: FluoroProbe;
    irTrainerSceneProbe?: SceneProbe;
  }
}

export {};
