/** Read-only probes for end-to-end checks: the image's Σμx at a pixel and how many pulses it has shown. */
export interface FluoroProbe {
  sizePx: number;
  pulses: number;
  /** Σμx (no noise) at a pixel counted from the top-left in the last frame: the still body's, and the vessels' and devices'. */
  muAt(xPx: number, yPx: number): { still: number; moving: number };
  /** Where a patient point (LPS mm) lands on the image, in pixels from the top-left, for the current view. */
  pixelOf(lps: readonly [number, number, number]): [number, number] | null;
}

declare global {
  interface Window {
    irTrainerFluoroProbe?: FluoroProbe;
  }
}

export {};
