import type { BeamRequest } from '../../../sim/simulation.ts';

/**
 * The foot pedals of a cath lab, on the keyboard and a gamepad: one pedal for fluoroscopy, one
 * for an acquisition (a DSA or cine run). Both pressed is an acquisition, as on a real console,
 * where the acquisition pedal takes over the tube.
 */
export interface PedalState {
  fluoro: boolean;
  acquire: boolean;
}

/** Keyboard: Space is the fluoroscopy pedal, X the acquisition pedal (both held down). */
export const pedalKeys = { fluoro: 'Space', acquire: 'KeyX' } as const;

/** Standard-mapping gamepad: left trigger fluoroscopy, right trigger acquisition. */
export const pedalButtons = { fluoro: 6, acquire: 7 } as const;

/** A trigger counts as pressed past this travel (0–1); triggers rest at 0. */
export const triggerThreshold = 0.5;

export function beamFromPedals(pedals: PedalState): BeamRequest {
  if (pedals.acquire) return 'acquire';
  if (pedals.fluoro) return 'fluoro';
  return 'off';
}

/** Which pedal a key is, or null. */
export function pedalOfKey(code: string): keyof PedalState | null {
  if (code === pedalKeys.fluoro) return 'fluoro';
  if (code === pedalKeys.acquire) return 'acquire';
  return null;
}

/** The pedals a pad's triggers hold down (analogue `value`, or `pressed` for pads without one). */
export function pedalsFromGamepad(buttons: readonly { pressed: boolean; value: number }[]): PedalState {
  const down = (index: number): boolean => {
    const button = buttons[index];
    return button !== undefined && (button.pressed || button.value > triggerThreshold);
  };
  return { fluoro: down(pedalButtons.fluoro), acquire: down(pedalButtons.acquire) };
}
