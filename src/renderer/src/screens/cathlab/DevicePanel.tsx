import { useEffect, useRef, useState } from 'react';
import { findDevice, type DeviceKind } from '../../../../sim/devices/catalogue.ts';
import type { DeviceLoad } from '../../../../sim/physics/world.ts';
import type { LiveFrames } from '../../sim-worker/liveFrames.ts';
import {
  canRemove,
  chooseableDevices,
  deviceSizeLabel,
  loadTarget,
  stackAfterLoading,
  stackAfterRemoving,
} from './deviceStack.ts';

/**
 * The devices in the patient: name, length inserted past the sheath and hub rotation, with the
 * one the controls drive marked. The numbers are written straight into the cells as frames land
 * (no React render per frame). Below, the catalogue: the trainee loads a device through the
 * innermost one (or inserts it through the sheath) and removes the innermost; a device that
 * does not fit is refused with the catalogue's reason.
 */
export function DevicePanel({
  frames,
  error,
  active,
  onActiveChange,
  onReset,
  stack,
  onStackChange,
  hubPad,
}: {
  /** The frames of the world built from `stack`, or null while it is being built. */
  frames: LiveFrames | null;
  error: string | null;
  active: number;
  onActiveChange: (device: number) => void;
  /** Takes every device out and starts again; absent in a case (the patient cannot be reset). */
  onReset: (() => void) | undefined;
  stack: readonly DeviceLoad[];
  onStackChange: (stack: DeviceLoad[]) => void;
  /** The mouse's hub control for the active device (rendered under the table). */
  hubPad?: React.ReactNode;
}) {
  const [refusal, setRefusal] = useState<string | null>(null);
  const change = (result: { stack: DeviceLoad[]; problem: null } | { stack: null; problem: string }): void => {
    setRefusal(result.problem);
    if (result.stack) onStackChange(result.stack);
  };
  const insertedCells = useRef<(HTMLElement | null)[]>([]);
  const rotationCells = useRef<(HTMLElement | null)[]>([]);
  useEffect(() => {
    if (!frames) return;
    const write = (): void => {
      frames.devices.forEach((device, d) => {
        const inserted = insertedCells.current[d];
        const rotation = rotationCells.current[d];
        if (inserted) inserted.textContent = `${device.insertedMm.toFixed(0)} mm`;
        if (rotation) rotation.textContent = `${device.hubAngleDeg.toFixed(0)}°`;
      });
    };
    write();
    frames.listeners.add(write);
    return () => {
      frames.listeners.delete(write);
    };
  }, [frames]);

  return (
    <section aria-labelledby="devices-title">
      <h2 id="devices-title">Devices</h2>
      {error ? (
        <p className="hint" data-testid="device-error">
          {error}
        </p>
      ) : !frames ? (
        <p className="hint">Loading the devices…</p>
      ) : (
        <>
          <table className="device-table" data-testid="device-table">
            <thead>
              <tr>
                <th scope="col">Active</th>
                <th scope="col">Device</th>
                <th scope="col">Inserted</th>
                <th scope="col">Rotation</th>
                <th scope="col" aria-label="Remove" />
              </tr>
            </thead>
            <tbody>
              {frames.devices.map(({ description }, d) => (
                <tr key={d} className={d === active ? 'active' : undefined} data-testid={`device-${d}`}>
                  <td>
                    <input
                      type="radio"
                      name="active-device"
                      checked={d === active}
                      onChange={() => onActiveChange(d)}
                      aria-label={`Drive the ${description.name}`}
                    />
                  </td>
                  <th scope="row">{description.name}</th>
                  <td
                    data-testid={`device-${d}-inserted`}
                    ref={(cell) => {
                      insertedCells.current[d] = cell;
                    }}
                  >
                    0 mm
                  </td>
                  <td
                    data-testid={`device-${d}-rotation`}
                    ref={(cell) => {
                      rotationCells.current[d] = cell;
                    }}
                  >
                    0°
                  </td>
                  <td>
                    <button
                      type="button"
                      className="secondary remove-device"
                      disabled={!canRemove(stack, d)}
                      title={canRemove(stack, d) ? 'Remove: pull it out' : 'Remove the device inside it first'}
                      aria-label={`Remove the ${description.name}`}
                      onClick={() => change(stackAfterRemoving(stack, d))}
                    >
                      ✕
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {frames.devices.length === 0 && (
            <p className="hint" data-testid="device-empty">
              No devices in the sheath: choose one below and insert it.
            </p>
          )}
          {hubPad}
          <p className="hint">
            In the 3D view: W / S push and pull the active device, A / D turn it, Shift for fine moves, Tab for the next
            device. The mouse: drag on the hub pad. A gamepad: left stick pushes and pulls, right stick turns, shoulder
            buttons pick the device.
          </p>
          {onReset && (
            <button type="button" className="secondary" onClick={onReset}>
              Reset devices
            </button>
          )}
        </>
      )}
      <DeviceChooser
        stack={stack}
        inPatient={onReset === undefined}
        refusal={refusal}
        onLoad={(deviceId) => change(stackAfterLoading(stack, deviceId))}
      />
    </section>
  );
}

const kindTitles: Partial<Record<DeviceKind, string>> = {
  guidewire: 'Guidewires',
  microwire: 'Microwires',
  'diagnostic-catheter': 'Diagnostic catheters',
  'guide-catheter': 'Guide catheters',
  'balloon-guide-catheter': 'Balloon guide catheters',
  'aspiration-catheter': 'Aspiration catheters',
  microcatheter: 'Microcatheters',
};

/** The catalogue, grouped by kind, and the button that loads the chosen device into the stack. */
function DeviceChooser({
  stack,
  inPatient,
  refusal,
  onLoad,
}: {
  stack: readonly DeviceLoad[];
  /** A case: devices are loaded and taken out inside the patient (the others stay where they are). */
  inPatient: boolean;
  /** Why the last change was refused, or null. */
  refusal: string | null;
  onLoad: (deviceId: string) => void;
}) {
  const groups = chooseableDevices();
  const [chosenId, setChosenId] = useState(groups[0]!.devices[0]!.id);
  const chosen = findDevice(chosenId);
  const target = loadTarget(stack);
  const targetName = target < 0 ? null : findDevice(stack[target]!.deviceId).name;
  return (
    <div className="device-chooser">
      <label>
        Catalogue
        <select value={chosenId} onChange={(event) => setChosenId(event.target.value)} data-testid="device-choice">
          {groups.map(({ kind, devices }) => (
            <optgroup key={kind} label={kindTitles[kind] ?? kind}>
              {devices.map((device) => (
                <option key={device.id} value={device.id}>
                  {device.name}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </label>
      <p className="hint" data-testid="device-choice-facts">
        Outer diameter {deviceSizeLabel(chosen)}
        {chosen.innerDiameterMm > 0 && `, lumen ${chosen.innerDiameterMm.toFixed(2)} mm`}, length {chosen.lengthMm / 10}{' '}
        cm, tip {chosen.tipShape.name}.
      </p>
      <button type="button" onClick={() => onLoad(chosenId)}>
        {targetName ? `Load through ${targetName}` : 'Insert through sheath'}
      </button>
      {refusal && (
        <p className="form-error" role="alert" data-testid="device-refusal">
          {refusal}
        </p>
      )}
      <p className="hint">
        {inPatient
          ? 'A device loaded now starts at the hub of the one it goes through; the others stay where they are.'
          : 'In free practice, changing the stack takes every device out and loads the new stack from the sheath.'}
      </p>
    </div>
  );
}
