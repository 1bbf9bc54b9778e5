import { useCallback, useEffect, useRef, useState } from 'react';
import type { VesselTree } from '../../../sim/anatomy/model.ts';
import type { DeviceLoad, HubCommand } from '../../../sim/physics/world.ts';
import { createLiveFrames, receiveFrame, type LiveFrames } from './liveFrames.ts';
import { defaultAccessVessel, defaultDeviceStack, type SimRequest, type SimResponse } from './messages.ts';

export interface LiveSimulation {
  /** The devices' latest frames (outside React: read them per animation frame), or null before the first load. */
  frames: LiveFrames | null;
  /** Why the devices could not be placed in this anatomy, or null. */
  error: string | null;
  /** The hub command for a device until the next one. */
  sendHub(device: number, command: HubCommand): void;
  /** Takes every device out and starts again with the same stack. */
  reset(): void;
}

/**
 * Runs the live physics for `tree` in a Web Worker (`simWorker.ts`): a new tree, or a reset,
 * starts a fresh world with the device stack; frames land in `frames` without a React render.
 */
export function useLiveSimulation(
  tree: VesselTree | null,
  devices: readonly DeviceLoad[] = defaultDeviceStack,
): LiveSimulation {
  const [state, setState] = useState<{ frames: LiveFrames | null; error: string | null }>({
    frames: null,
    error: null,
  });
  const worker = useRef<Worker | null>(null);
  const generation = useRef(0);
  const framesRef = useRef<LiveFrames | null>(null);

  useEffect(() => {
    const created = new Worker(new URL('./simWorker.ts', import.meta.url), { type: 'module', name: 'simulation' });
    created.onmessage = (event: MessageEvent<SimResponse>) => {
      const response = event.data;
      if (response.generation !== generation.current) return;
      if (response.kind === 'ready') {
        framesRef.current = createLiveFrames(response.devices, response.sheathTipLps);
        setState({ frames: framesRef.current, error: null });
      } else if (response.kind === 'error') {
        framesRef.current = null;
        setState({ frames: null, error: response.message });
      } else if (framesRef.current) {
        receiveFrame(framesRef.current, response.devices, performance.now());
        const recycle: SimRequest = {
          kind: 'recycle',
          buffers: response.devices.map((d) => d.positions.buffer as ArrayBuffer),
        };
        created.postMessage(recycle, recycle.buffers);
      }
    };
    created.onerror = (event) => {
      event.preventDefault();
      setState({ frames: null, error: `the simulation stopped: ${event.message || 'its worker could not load'}` });
    };
    worker.current = created;
    return () => {
      created.terminate();
      worker.current = null;
    };
  }, []);

  const load = useCallback(() => {
    if (!tree || !worker.current) return;
    const request: SimRequest = {
      kind: 'load',
      generation: ++generation.current,
      tree,
      accessKey: defaultAccessVessel,
      devices,
    };
    worker.current.postMessage(request);
  }, [tree, devices]);

  useEffect(load, [load]);

  const sendHub = useCallback((device: number, command: HubCommand) => {
    const request: SimRequest = { kind: 'hub', device, command };
    worker.current?.postMessage(request);
  }, []);

  return { frames: state.frames, error: state.error, sendHub, reset: load };
}
