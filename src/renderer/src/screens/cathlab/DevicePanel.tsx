import { useEffect, useRef } from 'react';
import type { LiveFrames } from '../../sim-worker/liveFrames.ts';

/**
 * The devices in the patient: name, length inserted past the sheath and hub rotation, with the
 * one the controls drive marked. The numbers are written straight into the cells as frames land
 * (no React render per frame).
 */
export function DevicePanel({
  frames,
  error,
  active,
  onActiveChange,
  onReset,
}: {
  frames: LiveFrames | null;
  error: string | null;
  active: number;
  onActiveChange: (device: number) => void;
  onReset: () => void;
}) {
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
                </tr>
              ))}
            </tbody>
          </table>
          <p className="hint">
            In the 3D view: W / S push and pull the active device, A / D turn it, Shift for fine moves, Tab for the next
            device.
          </p>
          <button type="button" className="secondary" onClick={onReset}>
            Reset devices
          </button>
        </>
      )}
    </section>
  );
}
