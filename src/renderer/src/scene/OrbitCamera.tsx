import { useEffect, useRef } from 'react';
import { useThree } from '@react-three/fiber';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import { PerspectiveCamera } from 'three';
import { fitBounds, type CameraView } from './cameraFraming.ts';

/**
 * Mouse orbit (left drag), pan (right drag) and zoom (wheel) around a target, in millimetres.
 * Each new `view` object moves the camera there (a preset, or bounds to fit such as the
 * anatomy); between views the person's own orbiting stays as it is.
 */
export function OrbitCamera({ view }: { view: CameraView }) {
  const camera = useThree((state) => state.camera);
  const domElement = useThree((state) => state.gl.domElement);
  const invalidate = useThree((state) => state.invalidate);
  const controls = useRef<OrbitControls | null>(null);
  useEffect(() => {
    const created = new OrbitControls(camera, domElement);
    created.minDistance = 60;
    created.maxDistance = 9000;
    created.maxPolarAngle = Math.PI * 0.495; // stay above the floor
    const redraw = (): void => invalidate();
    created.addEventListener('change', redraw);
    controls.current = created;
    return () => {
      created.removeEventListener('change', redraw);
      created.dispose();
      controls.current = null;
    };
  }, [camera, domElement, invalidate]);
  useEffect(() => {
    const current = controls.current;
    if (!current) return;
    const pose =
      view.kind === 'pose'
        ? view
        : camera instanceof PerspectiveCamera
          ? fitBounds(view.bounds, view.direction, camera.fov, camera.aspect)
          : fitBounds(view.bounds, view.direction, 45, 1.5);
    camera.position.set(pose.position[0], pose.position[1], pose.position[2]);
    current.target.set(pose.target[0], pose.target[1], pose.target[2]);
    current.update();
    invalidate();
  }, [camera, view, invalidate]);
  return null;
}
