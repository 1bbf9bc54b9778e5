import { useEffect } from 'react';
import { useThree } from '@react-three/fiber';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';

/** Mouse orbit (left drag), pan (right drag) and zoom (wheel) around `target`, in millimetres. */
export function OrbitCamera({ target }: { target: readonly [number, number, number] }) {
  const camera = useThree((state) => state.camera);
  const domElement = useThree((state) => state.gl.domElement);
  const invalidate = useThree((state) => state.invalidate);
  useEffect(() => {
    const controls = new OrbitControls(camera, domElement);
    controls.target.set(target[0], target[1], target[2]);
    controls.minDistance = 300;
    controls.maxDistance = 9000;
    controls.maxPolarAngle = Math.PI * 0.495; // stay above the floor
    controls.update();
    const redraw = (): void => invalidate();
    controls.addEventListener('change', redraw);
    return () => {
      controls.removeEventListener('change', redraw);
      controls.dispose();
    };
  }, [camera, domElement, invalidate, target]);
  return null;
}
