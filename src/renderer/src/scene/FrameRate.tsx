import { useRef } from 'react';
import { useFrame } from '@react-three/fiber';

/**
 * Writes frames per second into `output` twice a second, straight into the DOM: per-frame
 * values never go through React state.
 */
export function FrameRateProbe({ output }: { output: React.RefObject<HTMLElement | null> }) {
  const window = useRef({ frames: 0, elapsed: 0 });
  useFrame((_, deltaSeconds) => {
    const counter = window.current;
    counter.frames += 1;
    counter.elapsed += deltaSeconds;
    if (counter.elapsed >= 0.5) {
      if (output.current) output.current.textContent = `${(counter.frames / counter.elapsed).toFixed(0)} fps`;
      counter.frames = 0;
      counter.elapsed = 0;
    }
  });
  return null;
}
