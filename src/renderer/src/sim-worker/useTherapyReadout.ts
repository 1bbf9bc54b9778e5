import { useEffect, useState } from 'react';
import type { LiveFrames } from './liveFrames.ts';
import { noTherapy, type TherapyFrame } from './messages.ts';

/**
 * Where the treatment stands (passes, mTICI, particles, coils, the balloon), re-rendered only
 * when the worker reports a change: the frames replace the object then, never mutate it.
 */
export function useTherapyReadout(frames: LiveFrames | null): TherapyFrame {
  const [readout, setReadout] = useState<TherapyFrame>(frames?.therapy ?? noTherapy);
  useEffect(() => {
    if (!frames) {
      setReadout(noTherapy);
      return;
    }
    const listener = (): void => setReadout(frames.therapy);
    frames.listeners.add(listener);
    listener();
    return () => {
      frames.listeners.delete(listener);
    };
  }, [frames]);
  return readout;
}
