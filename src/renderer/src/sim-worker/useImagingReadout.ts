import { useEffect, useState } from 'react';
import type { LiveFrames } from './liveFrames.ts';
import type { ImagingFrame } from './messages.ts';

/** The live readout of dose and contrast, refreshed a few times a second, not every frame. */
export function useImagingReadout(frames: LiveFrames | null): ImagingFrame | null {
  const [readout, setReadout] = useState<ImagingFrame | null>(frames?.imaging ?? null);
  useEffect(() => {
    if (!frames) return;
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const show = (): void => {
      timer = null;
      last = performance.now();
      setReadout(frames.imaging);
    };
    const listener = (): void => {
      if (timer !== null) return;
      timer = setTimeout(show, Math.max(0, 250 - (performance.now() - last)));
    };
    frames.listeners.add(listener);
    show();
    return () => {
      frames.listeners.delete(listener);
      if (timer !== null) clearTimeout(timer);
    };
  }, [frames]);
  return readout;
}
