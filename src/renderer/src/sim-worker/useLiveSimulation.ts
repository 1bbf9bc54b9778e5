import { useCallback, useEffect, useRef, useState } from 'react';
import type { VesselTree } from '../../../sim/anatomy/model.ts';
import type { DeviceLoad, HubCommand } from '../../../sim/physics/world.ts';
import type { ContrastFlowOptions } from '../../../sim/flow/contrast.ts';
import type { Scenario } from '../../../sim/scenario/scenario.ts';
import type { RecordedCommand, SimCommand } from '../../../sim/simulation.ts';
import { createLiveFrames, receiveFrame, type LiveFrames } from './liveFrames.ts';
import { defaultAccessVessel, defaultDeviceStack, type SimRequest, type SimResponse } from './messages.ts';

export interface LiveSimulation {
  /** The devices' latest frames (outside React: read them per animation frame), or null before the first load. */
  frames: LiveFrames | null;
  /** Why the devices could not be placed in this anatomy, or null. */
  error: string | null;
  /** The hub command for a device until the next one. */
  sendHub(device: number, command: HubCommand): void;
  /** Any device-independent command: pedals, C-arm, injector. */
  send(command: SimCommand): void;
  /** The last command the simulation refused, with why; cleared by the next accepted reload. */
  refusal: { message: string; at: number } | null;
  /** Takes every device out and starts again with the same stack. */
  reset(): void;
  pause(paused: boolean): void;
  /** Playback of a script: speed (× real time) and a jump to a step. */
  setRate(rate: number): void;
  seek(step: number): void;
  /** Ends the attempt: what was recorded and the score shown, for the main process to check. */
  finish(scenario: Scenario): Promise<Extract<SimResponse, { kind: 'finished' }>>;
  /** The commands recorded since `fromIndex` and the step reached (for the attempt's checkpoints). */
  commandsSince(fromIndex: number): Promise<{ generation: number; commands: RecordedCommand[]; steps: number }>;
}

/**
 * Runs the live physics for `tree` in a Web Worker (`simWorker.ts`): a new tree, or a reset,
 * starts a fresh world with the device stack; frames land in `frames` without a React render.
 */
export interface LivePatient {
  /** The vessel holding the access sheath. */
  accessKey: string;
  patientThicknessCm: number;
  /** The case's pathology for the flow model (none in free practice). */
  flow: ContrastFlowOptions;
  /** The case on the table, whose objectives the worker tracks; null in free practice. */
  scenario: Scenario | null;
  wallForceLimitN?: number;
  /** A recorded attempt to play back (the replay player) instead of live commands. */
  script?: { commands: RecordedCommand[]; totalSteps: number };
  /** An attempt carried on after a crash: re-simulated to its last checkpoint, then live. */
  resume?: { commands: RecordedCommand[]; steps: number };
}

export const freePracticePatient: LivePatient = {
  accessKey: defaultAccessVessel,
  patientThicknessCm: 20,
  flow: {},
  scenario: null,
};

export function useLiveSimulation(
  tree: VesselTree | null,
  devices: readonly DeviceLoad[] = defaultDeviceStack,
  patient: LivePatient = freePracticePatient,
): LiveSimulation {
  const [state, setState] = useState<{ frames: LiveFrames | null; error: string | null }>({
    frames: null,
    error: null,
  });
  const [refusal, setRefusal] = useState<{ message: string; at: number } | null>(null);
  const worker = useRef<Worker | null>(null);
  const generation = useRef(0);
  const framesRef = useRef<LiveFrames | null>(null);
  const finishing = useRef<((response: Extract<SimResponse, { kind: 'finished' }>) => void) | null>(null);
  const listing = useRef<((response: Extract<SimResponse, { kind: 'commands' }>) => void)[]>([]);

  useEffect(() => {
    const created = new Worker(new URL('./simWorker.ts', import.meta.url), { type: 'module', name: 'simulation' });
    created.onmessage = (event: MessageEvent<SimResponse>) => {
      const response = event.data;
      // Answered whatever the generation: the caller tells a reloaded world by its number.
      if (response.kind === 'commands') {
        listing.current.shift()?.(response);
        return;
      }
      if (response.generation !== generation.current) return;
      if (response.kind === 'ready') {
        framesRef.current = createLiveFrames(response.devices, response.sheathTipLps);
        setState({ frames: framesRef.current, error: null });
      } else if (response.kind === 'error') {
        framesRef.current = null;
        setState({ frames: null, error: response.message });
      } else if (response.kind === 'finished') {
        finishing.current?.(response);
        finishing.current = null;
      } else if (response.kind === 'refused') {
        setRefusal({ message: response.message, at: performance.now() });
      } else if (framesRef.current) {
        framesRef.current.objectivesMet = response.objectivesMet;
        framesRef.current.stepsDone = response.stepsDone;
        if (response.therapy) framesRef.current.therapy = response.therapy;
        const replaced = receiveFrame(framesRef.current, response.devices, response.imaging, performance.now());
        const buffers = response.devices.map((d) => d.positions.buffer as ArrayBuffer);
        if (replaced)
          buffers.push(replaced.concentrations.buffer as ArrayBuffer, replaced.territory.buffer as ArrayBuffer);
        const recycle: SimRequest = { kind: 'recycle', buffers };
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
      accessKey: patient.accessKey,
      devices,
      patientThicknessCm: patient.patientThicknessCm,
      flow: patient.flow,
      scenario: patient.scenario,
      ...(patient.wallForceLimitN === undefined ? {} : { wallForceLimitN: patient.wallForceLimitN }),
      ...(patient.script ? { script: patient.script } : {}),
      ...(patient.resume ? { resume: patient.resume } : {}),
    };
    setRefusal(null);
    worker.current.postMessage(request);
  }, [tree, devices, patient]);

  useEffect(load, [load]);

  const send = useCallback((command: SimCommand) => {
    const request: SimRequest = { kind: 'command', command };
    worker.current?.postMessage(request);
  }, []);
  const sendHub = useCallback((device: number, command: HubCommand) => send({ kind: 'hub', device, command }), [send]);

  const pause = useCallback((paused: boolean) => {
    const request: SimRequest = { kind: 'pause', paused };
    worker.current?.postMessage(request);
  }, []);
  const finish = useCallback(
    (scenario: Scenario) =>
      new Promise<Extract<SimResponse, { kind: 'finished' }>>((resolve, reject) => {
        if (!worker.current) {
          reject(new Error('the simulation is not running'));
          return;
        }
        finishing.current = resolve;
        const request: SimRequest = { kind: 'finish', scenario };
        worker.current.postMessage(request);
      }),
    [],
  );

  const commandsSince = useCallback(
    (fromIndex: number) =>
      new Promise<{ generation: number; commands: RecordedCommand[]; steps: number }>((resolve, reject) => {
        if (!worker.current) {
          reject(new Error('the simulation is not running'));
          return;
        }
        listing.current.push(({ generation: from, commands, steps }) => resolve({ generation: from, commands, steps }));
        const request: SimRequest = { kind: 'commands-since', fromIndex };
        worker.current.postMessage(request);
      }),
    [],
  );

  const setRate = useCallback((rate: number) => {
    const request: SimRequest = { kind: 'rate', rate };
    worker.current?.postMessage(request);
  }, []);
  const seek = useCallback((step: number) => {
    const request: SimRequest = { kind: 'seek', step };
    worker.current?.postMessage(request);
  }, []);

  return {
    frames: state.frames,
    error: state.error,
    sendHub,
    send,
    refusal,
    reset: load,
    pause,
    finish,
    setRate,
    seek,
    commandsSince,
  };
}
