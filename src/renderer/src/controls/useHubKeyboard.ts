import { useEffect, useRef } from 'react';
import type { HubCommand } from '../../../sim/physics/world.ts';
import { hubCommandFromKeys, hubKeyOf, type HubKey } from './hubKeys.ts';

/**
 * Keyboard → hub commands for the active device while the cath lab is open: a command is sent
 * when the keys held change (never per frame), and releasing everything sends zero. Tab switches
 * the active device when the focus is on the 3D view or nowhere in particular; in the panel it
 * moves the focus as usual. Typing in a form field drives nothing.
 */
export function useHubKeyboard(options: {
  deviceCount: number;
  active: number;
  onActiveChange: (device: number) => void;
  invertRotation: boolean;
  sendHub: (device: number, command: HubCommand) => void;
  /** The element whose focus makes Tab switch devices (the 3D view). */
  view: React.RefObject<HTMLElement | null>;
  /** Changes when the worker starts a fresh world, whose hubs are all still: held keys are sent again. */
  world: unknown;
}): void {
  const latest = useRef(options);
  useEffect(() => {
    latest.current = options;
  });
  const held = useRef(new Set<HubKey>());
  const fine = useRef(false);
  const lastSent = useRef<{ device: number; command: HubCommand } | null>(null);

  useEffect(() => {
    const send = (): void => {
      const { active, deviceCount, invertRotation, sendHub } = latest.current;
      if (active >= deviceCount) return;
      const command = hubCommandFromKeys(held.current, fine.current, invertRotation);
      const last = lastSent.current;
      if (
        last &&
        last.device === active &&
        last.command.advanceMmPerS === command.advanceMmPerS &&
        last.command.rotateDegPerS === command.rotateDegPerS
      )
        return;
      if (last && last.device !== active) sendHub(last.device, { advanceMmPerS: 0, rotateDegPerS: 0 });
      sendHub(active, command);
      lastSent.current = { device: active, command };
    };
    const isFormField = (target: EventTarget | null): boolean =>
      target instanceof HTMLElement &&
      (target.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName));

    const down = (event: KeyboardEvent): void => {
      if (event.ctrlKey || event.metaKey || event.altKey || isFormField(event.target)) return;
      fine.current = event.shiftKey;
      if (event.code === 'Tab') {
        const view = latest.current.view.current;
        const onView = event.target === document.body || (view !== null && view.contains(event.target as Node));
        const { deviceCount, active, onActiveChange } = latest.current;
        if (!onView || deviceCount < 2) return;
        event.preventDefault();
        onActiveChange((active + (event.shiftKey ? deviceCount - 1 : 1)) % deviceCount);
        return;
      }
      const key = hubKeyOf(event.code);
      if (key) {
        event.preventDefault();
        held.current.add(key);
      }
      send();
    };
    const up = (event: KeyboardEvent): void => {
      fine.current = event.shiftKey;
      const key = hubKeyOf(event.code);
      if (key) held.current.delete(key);
      send();
    };
    const releaseAll = (): void => {
      held.current.clear();
      fine.current = false;
      send();
    };
    window.addEventListener('keydown', down);
    window.addEventListener('keyup', up);
    window.addEventListener('blur', releaseAll);
    return () => {
      window.removeEventListener('keydown', down);
      window.removeEventListener('keyup', up);
      window.removeEventListener('blur', releaseAll);
      releaseAll();
    };
  }, []);

  // A new active device, setting or stack: the old device stops, the new one takes the keys held.
  const { active, deviceCount, invertRotation, sendHub, world } = options;
  useEffect(() => {
    if (active >= deviceCount) return;
    const last = lastSent.current;
    if (last && last.device !== active && last.device < deviceCount)
      sendHub(last.device, { advanceMmPerS: 0, rotateDegPerS: 0 });
    const command = hubCommandFromKeys(held.current, fine.current, invertRotation);
    sendHub(active, command);
    lastSent.current = { device: active, command };
  }, [active, deviceCount, invertRotation, sendHub, world]);
}
