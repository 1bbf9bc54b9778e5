import { buildAnatomyScene, transferablesOf, type AnatomyRequest, type AnatomyResponse } from './anatomyBuild.ts';

/**
 * The anatomy worker: builds a vessel tree (atlas or imported files) and its meshes off the UI
 * thread, and posts them back with their buffers transferred, not copied. One request at a
 * time; the page drops answers to requests it has since replaced.
 */

/** The part of a dedicated worker's global scope used here (the DOM lib types `self` as a window). */
interface WorkerScope {
  onmessage: ((event: MessageEvent<AnatomyRequest>) => void) | null;
  postMessage(message: AnatomyResponse, options: { transfer: Transferable[] }): void;
}

const scope = self as unknown as WorkerScope;

scope.onmessage = (event) => {
  const { id, source, detail } = event.data;
  try {
    const scene = buildAnatomyScene(source, detail);
    scope.postMessage({ id, ok: true, scene }, { transfer: transferablesOf(scene) });
  } catch (error) {
    scope.postMessage(
      { id, ok: false, message: error instanceof Error ? error.message : String(error) },
      { transfer: [] },
    );
  }
};
