import { useEffect, useRef } from 'react';
import type { BeamRequest } from '../../../sim/simulation.ts';
import { beamFromPedals, pedalOfKey, pedalsFromGamepad, type PedalState } from './pedals.ts';

/**
 * Keyboard and gamepad pedals → beam commands while the cath lab is open. A command is sent
 * only when the beam request changes; losing the window's focus releases every pedal (a pedal
 * cannot stay pressed behind the trainee's back). On-screen buttons call `press` / `release`.
 */
export function usePedals(sendBeam: (beam: BeamRequest) => void): {
  press(pedal: keyof PedalState): void;
  release(pedal: keyof PedalState): void;
} {
  const latest = useRef(sendBeam);
  useEffect(() => {
    latest.current = sendBeam;
  });
  const keys = useRef<PedalState>({ fluoro: false, acquire: false });
  const pad = useRef<PedalState>({ fluoro: false, acquire: false });
  const screen = useRef<PedalState>({ fluoro: false, acquire: false });
  const sent = useRef<BeamRequest>('off');

  const update = useRef(() => {
    const pedals: PedalState = {
      fluoro: keys.current.fluoro || pad.current.fluoro || screen.current.fluoro,
      acquire: keys.current.acquire || pad.current.acquire || screen.current.acquire,
    };
    const beam = beamFromPedals(pedals);
    if (beam === sent.current) return;
    sent.current = beam;
    latest.current(beam);
  });

  useEffect(() => {
    const isFormField = (target: EventTarget | null): boolean =>
      target instanceof HTMLElement &&
      (target.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName));
    const onKey = (event: KeyboardEvent): void => {
      const pedal = pedalOfKey(event.code);
      if (!pedal || event.ctrlKey || event.metaKey || event.altKey || isFormField(event.target)) return;
      // Space would also click a focused button: the pedal owns it here.
      event.preventDefault();
      if (event.repeat) return;
      keys.current = { ...keys.current, [pedal]: event.type === 'keydown' };
      update.current();
    };
    const releaseAll = (): void => {
      keys.current = { fluoro: false, acquire: false };
      screen.current = { fluoro: false, acquire: false };
      update.current();
    };
    let raf = 0;
    const poll = (): void => {
      raf = requestAnimationFrame(poll);
      const pads = typeof navigator.getGamepads === 'function' ? navigator.getGamepads() : [];
      let state: PedalState = { fluoro: false, acquire: false };
      for (const gamepad of pads) {
        if (!gamepad || gamepad.mapping !== 'standard') continue;
        const pedals = pedalsFromGamepad(gamepad.buttons);
        state = { fluoro: state.fluoro || pedals.fluoro, acquire: state.acquire || pedals.acquire };
      }
      if (state.fluoro !== pad.current.fluoro || state.acquire !== pad.current.acquire) {
        pad.current = state;
        update.current();
      }
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('keyup', onKey);
    window.addEventListener('blur', releaseAll);
    raf = requestAnimationFrame(poll);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('keyup', onKey);
      window.removeEventListener('blur', releaseAll);
      cancelAnimationFrame(raf);
      if (sent.current !== 'off') latest.current('off');
      sent.current = 'off';
    };
  }, []);

  return {
    press: (pedal) => {
      screen.current = { ...screen.current, [pedal]: true };
      update.current();
    },
    release: (pedal) => {
      screen.current = { ...screen.current, [pedal]: false };
      update.current();
    },
  };
}
