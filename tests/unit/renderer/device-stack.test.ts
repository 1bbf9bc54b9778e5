import { describe, expect, it } from 'vitest';
import { findDevice, loadingProblem } from '../../../src/sim/devices/catalogue.ts';
import {
  canRemove,
  chooseableDevices,
  deviceSizeLabel,
  loadTarget,
  stackAfterLoading,
  stackAfterRemoving,
  stackProblem,
} from '../../../src/renderer/src/screens/cathlab/deviceStack.ts';

describe('building a device stack at the table', () => {
  it('inserts the first device through the sheath and loads each next one through the innermost', () => {
    expect(loadTarget([])).toBe(-1);
    const catheter = stackAfterLoading([], 'catheter-4f-cobra');
    expect(catheter).toEqual({ stack: [{ deviceId: 'catheter-4f-cobra', through: -1 }], problem: null });
    const wire = stackAfterLoading(catheter.stack!, 'wire-035-j');
    expect(wire.stack).toEqual([
      { deviceId: 'catheter-4f-cobra', through: -1 },
      { deviceId: 'wire-035-j', through: 0 },
    ]);
    expect(stackProblem(wire.stack!)).toBeNull();
  });

  it("refuses a device that does not fit with the catalogue's reason, naming both devices", () => {
    const micro = stackAfterLoading([], 'microcatheter-2.4f').stack!;
    const refused = stackAfterLoading(micro, 'wire-035-angled-hydrophilic');
    expect(refused.stack).toBeNull();
    expect(refused.problem).toBe(
      loadingProblem(findDevice('wire-035-angled-hydrophilic'), findDevice('microcatheter-2.4f')),
    );
    expect(refused.problem).toContain('0.035" angled hydrophilic guidewire');
    expect(refused.problem).toContain('2.4F microcatheter');
    // Nothing goes through a wire, and a catheter no longer than its guide cannot come out of it.
    const wireOnly = [{ deviceId: 'wire-035-j', through: -1 }];
    expect(stackAfterLoading(wireOnly, 'microwire-014').problem).toMatch(/is a wire: nothing passes through it/);
    expect(stackProblem([{ deviceId: 'sheath-6f', through: -1 }])).toMatch(/access sheath is already in/);
  });

  it('names what is wrong with a malformed stack', () => {
    expect(stackProblem([{ deviceId: 'catheter-9f-nothing', through: -1 }])).toMatch(/"catheter-9f-nothing"/);
    expect(
      stackProblem([
        { deviceId: 'catheter-5f-vertebral', through: 0 },
        { deviceId: 'wire-035-j', through: 0 },
      ]),
    ).toMatch(/5F vertebral .* \(through 0\)/);
  });

  it('removes only a device with nothing inside it, renumbering the rest', () => {
    const stack = [
      { deviceId: 'guide-6f', through: -1 },
      { deviceId: 'catheter-5f-vertebral', through: 0 },
      { deviceId: 'wire-035-j', through: 1 },
    ];
    expect([0, 1, 2].map((index) => canRemove(stack, index))).toEqual([false, false, true]);
    const blocked = stackAfterRemoving(stack, 1);
    expect(blocked.stack).toBeNull();
    expect(blocked.problem).toMatch(/5F vertebral .* has 0\.035" J-tip .* inside it: remove that first/);
    // An exchange: pull the wire out, load another.
    const withoutWire = stackAfterRemoving(stack, 2).stack!;
    expect(withoutWire).toEqual(stack.slice(0, 2));
    expect(stackAfterLoading(withoutWire, 'wire-035-stiff').stack!.at(-1)).toEqual({
      deviceId: 'wire-035-stiff',
      through: 1,
    });
    // A device beside another (two through the guide) comes out, and the later one is renumbered.
    const side = [
      { deviceId: 'guide-6f', through: -1 },
      { deviceId: 'microwire-014', through: 0 },
      { deviceId: 'microcatheter-2.4f', through: 0 },
    ];
    expect(stackAfterRemoving(side, 1).stack).toEqual([
      { deviceId: 'guide-6f', through: -1 },
      { deviceId: 'microcatheter-2.4f', through: 0 },
    ]);
    expect(stackAfterRemoving(side, 3).problem).toMatch(/no device 3/);
  });

  it('offers the catalogue grouped by kind, without sheaths, with sizes as the clinic states them', () => {
    const groups = chooseableDevices();
    expect(groups.map((group) => group.kind)).not.toContain('sheath');
    expect(groups.find((group) => group.kind === 'guidewire')!.devices.map((device) => device.id)).toContain(
      'wire-035-j',
    );
    expect(deviceSizeLabel(findDevice('catheter-4f-cobra'))).toBe('1.33 mm (4F)');
    expect(deviceSizeLabel(findDevice('microcatheter-2.4f'))).toBe('0.80 mm (2.4F)');
    expect(deviceSizeLabel(findDevice('wire-035-j'))).toBe('0.89 mm (.035")');
  });
});
