import { describe, expect, it } from 'vitest';
import { deviceCatalogue, findDevice, loadingProblem, stiffnessAt } from '../../../../src/sim/devices/catalogue.ts';
import { frenchToMm, inchesToMm, rodBendingStiffness } from '../../../../src/sim/devices/units.ts';

describe('device units', () => {
  it('converts French and inches as DOMAIN.md states', () => {
    expect(frenchToMm(4)).toBeCloseTo(1.33, 2);
    expect(frenchToMm(5)).toBeCloseTo(1.67, 2);
    expect(frenchToMm(6)).toBeCloseTo(2.0, 2);
    expect(frenchToMm(7)).toBeCloseTo(2.33, 2);
    expect(inchesToMm(0.035)).toBeCloseTo(0.889, 3);
  });

  it('gives a 0.035" wire EI from 2.9e-4 (Amplatz, 9.5 GPa) to 4.9e-3 N·m² (Lunderquist, 158.4 GPa)', () => {
    // 1 N·m² = 1e6 N·mm².
    expect(rodBendingStiffness(9.5, inchesToMm(0.035)) / 1e6).toBeCloseTo(2.9e-4, 5);
    expect(rodBendingStiffness(158.4, inchesToMm(0.035)) / 1e6).toBeCloseTo(4.9e-3, 4);
  });
});

describe('device catalogue', () => {
  it('has every device family the cases need', () => {
    const kinds = new Set(deviceCatalogue.map((device) => device.kind));
    for (const kind of [
      'guidewire',
      'microwire',
      'diagnostic-catheter',
      'guide-catheter',
      'balloon-guide-catheter',
      'aspiration-catheter',
      'microcatheter',
      'sheath',
    ]) {
      expect(kinds.has(kind as never), kind).toBe(true);
    }
    for (const id of [
      'wire-035-angled-hydrophilic',
      'wire-035-j',
      'wire-035-stiff',
      'microwire-018',
      'microwire-014',
      'catheter-5f-cobra',
      'catheter-5f-vertebral',
      'catheter-5f-simmons',
      'catheter-5f-headhunter',
    ]) {
      expect(() => findDevice(id)).not.toThrow();
    }
    expect(() => findDevice('laser-sword')).toThrow(/no device "laser-sword"/);
  });

  it('has unique ids, lumens smaller than shafts, and floppy tips stiffening toward the shaft', () => {
    expect(new Set(deviceCatalogue.map((device) => device.id)).size).toBe(deviceCatalogue.length);
    for (const device of deviceCatalogue) {
      expect(device.innerDiameterMm).toBeLessThan(device.outerDiameterMm);
      const tip = stiffnessAt(device, 0).bendingNmm2;
      const shaft = stiffnessAt(device, device.lengthMm).bendingNmm2;
      if (device.kind !== 'sheath') expect(shaft, device.id).toBeGreaterThanOrEqual(tip * 5);
    }
  });

  it('makes the stiff wire stiffer than the angled hydrophilic wire by an order of magnitude', () => {
    const stiff = stiffnessAt(findDevice('wire-035-stiff'), 500).bendingNmm2;
    const angled = stiffnessAt(findDevice('wire-035-angled-hydrophilic'), 500).bendingNmm2;
    expect(stiff / angled).toBeGreaterThan(10);
  });

  it('interpolates stiffness between catalogue points', () => {
    const wire = findDevice('wire-035-angled-hydrophilic');
    const [, second, third] = wire.stiffness;
    const middle = stiffnessAt(wire, (second!.fromTipMm + third!.fromTipMm) / 2).bendingNmm2;
    expect(middle).toBeCloseTo((second!.bendingNmm2 + third!.bendingNmm2) / 2, 6);
  });

  it('uses the J tip of DOMAIN.md: 12 mm radius over 72°', () => {
    const [bend] = findDevice('wire-035-j').tipShape.bends;
    expect(bend!.angleDeg).toBe(72);
    expect(bend!.lengthMm / ((72 * Math.PI) / 180)).toBeCloseTo(12, 1);
  });

  it('sizes aspiration catheters above 0.064" for the ICA and 0.040" for the MCA (Nikoubashman 2017)', () => {
    expect(findDevice('aspiration-6f').innerDiameterMm).toBeGreaterThan(inchesToMm(0.064));
    expect(findDevice('aspiration-5f').innerDiameterMm).toBeGreaterThan(inchesToMm(0.04));
  });
});

describe('loading one device through another', () => {
  it.each([
    ['wire-035-angled-hydrophilic', 'catheter-5f-cobra'],
    ['catheter-5f-cobra', 'sheath-5f'],
    ['guide-6f', 'sheath-6f'],
    ['microwire-018', 'microcatheter-2.4f'],
    ['microwire-014', 'microcatheter-2.8f'],
    ['microcatheter-2.8f', 'aspiration-5f'],
    ['aspiration-5f', 'guide-6f'],
    ['aspiration-6f', 'balloon-guide-8f'],
    ['balloon-guide-8f', 'sheath-8f'],
  ])('%s fits through %s', (inner, outer) => {
    expect(loadingProblem(findDevice(inner), findDevice(outer))).toBeNull();
  });

  it.each([
    ['wire-035-angled-hydrophilic', 'microcatheter-2.4f', /does not fit through/],
    ['guide-6f', 'sheath-5f', /does not fit through/],
    ['aspiration-6f', 'guide-6f', /does not fit through/],
    ['microcatheter-2.4f', 'wire-035-j', /is a wire/],
    ['sheath-5f', 'guide-6f', /sheath goes in the access vessel/],
  ])('%s through %s is refused with a reason', (inner, outer, reason) => {
    expect(loadingProblem(findDevice(inner), findDevice(outer))).toMatch(reason);
  });

  it('refuses a device too short to come out of the one it is loaded into', () => {
    expect(loadingProblem(findDevice('catheter-5f-cobra'), findDevice('aspiration-6f'))).toMatch(/too short/);
  });
});
