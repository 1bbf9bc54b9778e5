import { useEffect, useRef, useState } from 'react';
import type { MeshDetail } from '../../../sim/anatomy/mesh.ts';
import {
  buildAnatomyScene,
  type AnatomyRequest,
  type AnatomyResponse,
  type AnatomyScene,
  type AnatomySource,
} from './anatomyBuild.ts';

export interface AnatomySceneState {
  /** The latest scene built; kept on screen while the next one builds, or when it fails. */
  scene: AnatomyScene | null;
  building: boolean;
  /** Why the latest request failed (an import error names the file and value), or null. */
  error: string | null;
}

/**
 * Builds the anatomy for `source` at `detail` in a Web Worker and returns the latest result.
 * A new request supersedes the one in flight. If the worker cannot start at all, builds run on
 * the page instead (same result, but the page stalls while it builds) and the console says so.
 */
export function useAnatomyScene(source: AnatomySource, detail: MeshDetail): AnatomySceneState {
  const [state, setState] = useState<AnatomySceneState>({ scene: null, building: true, error: null });
  const worker = useRef<Worker | null>(null);
  const latest = useRef<AnatomyRequest | null>(null);
  const nextId = useRef(0);

  useEffect(() => {
    const answer = (response: AnatomyResponse): void => {
      if (response.id !== latest.current?.id) return;
      setState((previous) =>
        response.ok
          ? { scene: response.scene, building: false, error: null }
          : { scene: previous.scene, building: false, error: response.message },
      );
    };
    let created: Worker | null = null;
    try {
      created = new Worker(new URL('./anatomyWorker.ts', import.meta.url), { type: 'module', name: 'anatomy' });
      created.onmessage = (event: MessageEvent<AnatomyResponse>) => answer(event.data);
      created.onerror = (event) => {
        event.preventDefault();
        console.warn(`anatomy worker failed (${event.message || 'could not load'}); building on the page instead`);
        created?.terminate();
        worker.current = null;
        if (latest.current) answer(buildOnPage(latest.current));
      };
    } catch (error) {
      console.warn(`anatomy worker could not be created (${String(error)}); building on the page instead`);
      created = null;
    }
    worker.current = created;
    return () => {
      created?.terminate();
      worker.current = null;
    };
  }, []);

  useEffect(() => {
    const request: AnatomyRequest = { id: ++nextId.current, source, detail };
    latest.current = request;
    setState((previous) => ({ ...previous, building: true }));
    if (worker.current) {
      worker.current.postMessage(request);
      return;
    }
    const timer = setTimeout(() => {
      if (latest.current !== request) return;
      const response = buildOnPage(request);
      setState((previous) =>
        response.ok
          ? { scene: response.scene, building: false, error: null }
          : { scene: previous.scene, building: false, error: response.message },
      );
    }, 0);
    return () => clearTimeout(timer);
  }, [source, detail]);

  return state;
}

function buildOnPage(request: AnatomyRequest): AnatomyResponse {
  try {
    return { id: request.id, ok: true, scene: buildAnatomyScene(request.source, request.detail) };
  } catch (error) {
    return { id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}
