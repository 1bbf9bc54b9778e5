import { useEffect } from 'react';
import { useThree } from '@react-three/fiber';
import '../fluoro/fluoroProbe.ts';

/**
 * A read-only timing probe on the 3D view (`window.irTrainerSceneProbe`), for the benchmark that
 * compares a fluoroscopy frame with a plain 3D frame of the same size: it renders the scene as
 * it stands `count` times at `sizePx` square and returns the mean milliseconds per frame, then
 * puts the canvas back to its size.
 */
export function SceneProbe() {
  const gl = useThree((state) => state.gl);
  const scene = useThree((state) => state.scene);
  const camera = useThree((state) => state.camera);
  useEffect(() => {
    window.irTrainerSceneProbe = {
      msPerFrame(sizePx, count) {
        const canvas = gl.domElement;
        const [width, height] = [canvas.width, canvas.height];
        gl.setSize(sizePx, sizePx, false);
        const pixel = new Uint8Array(4);
        const context = gl.getContext();
        gl.render(scene, camera);
        context.readPixels(0, 0, 1, 1, context.RGBA, context.UNSIGNED_BYTE, pixel);
        const start = performance.now();
        for (let i = 0; i < count; i++) gl.render(scene, camera);
        // Reading a pixel waits for the GPU to finish the frames.
        context.readPixels(0, 0, 1, 1, context.RGBA, context.UNSIGNED_BYTE, pixel);
        const ms = (performance.now() - start) / count;
        gl.setSize(width, height, false);
        return ms;
      },
    };
    return () => {
      delete window.irTrainerSceneProbe;
    };
  }, [gl, scene, camera]);
  return null;
}
