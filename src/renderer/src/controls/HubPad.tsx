import { useRef, useState, type PointerEvent } from 'react';
import type { HubCommand } from '../../../sim/physics/world.ts';
import { hubCommandFromDrag } from './hubDrag.ts';

/**
 * A pad to drive the active device's hub with the mouse (or a touch screen): press, then drag up
 * to push, down to pull, sideways to turn; let go and the hands stop. It sends a command only
 * when the speeds change, as the keyboard does.
 */
export function HubPad({
  deviceName,
  invertRotation,
  onCommand,
}: {
  deviceName: string | null;
  invertRotation: boolean;
  onCommand: (command: HubCommand) => void;
}) {
  const start = useRef<{ x: number; y: number } | null>(null);
  const last = useRef<HubCommand>({ advanceMmPerS: 0, rotateDegPerS: 0 });
  const [shown, setShown] = useState<HubCommand>({ advanceMmPerS: 0, rotateDegPerS: 0 });
  const send = (command: HubCommand): void => {
    if (command.advanceMmPerS === last.current.advanceMmPerS && command.rotateDegPerS === last.current.rotateDegPerS)
      return;
    last.current = command;
    setShown(command);
    onCommand(command);
  };
  const move = (event: PointerEvent<HTMLDivElement>): void => {
    if (!start.current) return;
    send(hubCommandFromDrag(event.clientX - start.current.x, event.clientY - start.current.y, invertRotation));
  };
  const release = (): void => {
    start.current = null;
    send({ advanceMmPerS: 0, rotateDegPerS: 0 });
  };
  return (
    <div
      className={start.current ? 'hub-pad dragging' : 'hub-pad'}
      data-testid="hub-pad"
      role="application"
      aria-label={`Hub of the ${deviceName ?? 'active device'}: drag up to push, down to pull, sideways to turn`}
      onPointerDown={(event) => {
        if (!deviceName) return;
        event.currentTarget.setPointerCapture(event.pointerId);
        start.current = { x: event.clientX, y: event.clientY };
      }}
      onPointerMove={move}
      onPointerUp={release}
      onPointerCancel={release}
      onLostPointerCapture={release}
    >
      <span className="hub-pad-label">{deviceName ? `Drag to drive the ${deviceName}` : 'No device'}</span>
      <span className="hub-pad-speeds" data-testid="hub-pad-speeds">
        {shown.advanceMmPerS} mm/s · {shown.rotateDegPerS}°/s
      </span>
    </div>
  );
}
