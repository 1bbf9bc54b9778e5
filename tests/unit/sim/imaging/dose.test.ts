import { describe, expect, it } from 'vitest';
import { defaultCArmPose, fieldAreaCm2AtReferencePoint, type CArmPose } from '../../../../src/sim/imaging/carm.ts';
import {
  accumulateDose,
  airKermaRateMGyPerMin,
  beginAcquisitionRun,
  createDoseTally,
  doseForExposure,
  kermaAreaProductRateGyCm2PerS,
  relativeQuantumNoise,
  type DoseTally,
  type Exposure,
} from '../../../../src/sim/imaging/dose.ts';

function exposure(changes: Partial<Exposure> = {}, poseChanges: Partial<CArmPose> = {}): Exposure {
  return {
    mode: 'fluoro',
    pulsesPerSecond: 15,
    patientThicknessCm: 20,
    ...changes,
    pose: { ...defaultCArmPose, ...poseChanges },
  };
}

/** Herrmann 1996 fractions of continuous, with 15 pps = 17/29 (Aroua 2006) and 30 pps = 100%. */
const publishedFractions = [
  [6, 0.4],
  [12, 0.49],
  [15, 17 / 29],
  [30, 1],
] as const;

describe('dose rate', () => {
  it('gives Aroua 2006 rates at the reference conditions (AP, 20 cm, FOV 32, SID 1100)', () => {
    expect(airKermaRateMGyPerMin(exposure({ pulsesPerSecond: 15 }))).toBeCloseTo(17, 9);
    expect(airKermaRateMGyPerMin(exposure({ pulsesPerSecond: 30 }))).toBeCloseTo(29, 9);
  });

  it('scales 7.5 pps against 15 pps as the published pulse-rate table interpolates', () => {
    // 7.5 pps lies between 6 pps (40%) and 12 pps (49%): 0.40 + 0.09·(1.5/6) = 0.4225.
    const [[pps0, f0], [pps1, f1]] = publishedFractions;
    const fraction75 = f0 + ((f1 - f0) * (7.5 - pps0)) / (pps1 - pps0);
    expect(fraction75).toBeCloseTo(0.4225, 12);
    const ratio =
      airKermaRateMGyPerMin(exposure({ pulsesPerSecond: 7.5 })) /
      airKermaRateMGyPerMin(exposure({ pulsesPerSecond: 15 }));
    expect(ratio).toBeCloseTo(fraction75 / (17 / 29), 12);
  });

  it('halves the rate in low-dose fluoroscopy', () => {
    expect(airKermaRateMGyPerMin(exposure({ mode: 'fluoro-low' }))).toBeCloseTo(17 / 2, 9);
  });

  it('rises with patient thickness, steeper angles, magnified fields and a longer SID', () => {
    const reference = airKermaRateMGyPerMin(exposure());
    expect(airKermaRateMGyPerMin(exposure({ patientThicknessCm: 26 }))).toBeGreaterThan(reference);
    expect(airKermaRateMGyPerMin(exposure({ patientThicknessCm: 16 }))).toBeLessThan(reference);
    expect(airKermaRateMGyPerMin(exposure({}, { laoDeg: 30 }))).toBeGreaterThan(reference);
    expect(airKermaRateMGyPerMin(exposure({}, { laoDeg: 60 }))).toBeGreaterThan(
      airKermaRateMGyPerMin(exposure({}, { laoDeg: 30 })),
    );
    expect(airKermaRateMGyPerMin(exposure({}, { cranDeg: -30 }))).toBeGreaterThan(reference);
    expect(airKermaRateMGyPerMin(exposure({}, { fieldOfViewCm: 16 }))).toBeGreaterThan(reference);
    expect(airKermaRateMGyPerMin(exposure({}, { fieldOfViewCm: 48 }))).toBeLessThan(reference);
    expect(airKermaRateMGyPerMin(exposure({}, { sourceToDetectorMm: 1200 }))).toBeGreaterThan(reference);
  });

  it('caps normal fluoroscopy at 88 mGy/min but not acquisition (21 CFR 1020.32)', () => {
    const thickLateral = { patientThicknessCm: 32 };
    expect(airKermaRateMGyPerMin(exposure({ ...thickLateral, pulsesPerSecond: 30 }, { laoDeg: 90 }))).toBe(88);
    expect(
      airKermaRateMGyPerMin(exposure({ ...thickLateral, mode: 'dsa', pulsesPerSecond: 3 }, { laoDeg: 90 })),
    ).toBeGreaterThan(88);
  });

  it('makes DSA and cine frames cost more than fluoroscopy pulses', () => {
    const perPulse = (e: Exposure) => airKermaRateMGyPerMin(e) / 60 / e.pulsesPerSecond;
    const fluoro = perPulse(exposure());
    expect(perPulse(exposure({ mode: 'cine', pulsesPerSecond: 15 }))).toBeCloseTo(0.16, 9); // Sato 1998
    expect(perPulse(exposure({ mode: 'cine', pulsesPerSecond: 15 }))).toBeGreaterThan(fluoro);
    expect(perPulse(exposure({ mode: 'dsa', pulsesPerSecond: 3 }))).toBeGreaterThan(
      perPulse(exposure({ mode: 'cine', pulsesPerSecond: 3 })),
    );
  });

  it('computes KAP as reference-point air kerma times the field there; collimation halves KAP, not kerma', () => {
    const open = exposure();
    const halved = exposure(
      {},
      { collimation: { leftFraction: 0.25, rightFraction: 0.25, topFraction: 0, bottomFraction: 0 } },
    );
    expect(kermaAreaProductRateGyCm2PerS(open)).toBeCloseTo(
      ((17 / 60) * fieldAreaCm2AtReferencePoint(open.pose)) / 1000,
      12,
    );
    const openDose = doseForExposure(open, 60);
    const halvedDose = doseForExposure(halved, 60);
    expect(halvedDose.airKermaMGy).toBeCloseTo(openDose.airKermaMGy, 12);
    expect(halvedDose.kermaAreaProductGyCm2).toBeCloseTo(openDose.kermaAreaProductGyCm2 / 2, 12);
    expect(openDose.airKermaMGy).toBeCloseTo(17, 9);
  });

  it('rejects values out of range, naming the field and value', () => {
    expect(() => airKermaRateMGyPerMin(exposure({ pulsesPerSecond: 1 }))).toThrow(
      /^pulsesPerSecond 1 is outside 2…30 per second for fluoro$/,
    );
    expect(() => airKermaRateMGyPerMin(exposure({ mode: 'dsa', pulsesPerSecond: 40 }))).toThrow(/pulsesPerSecond 40/);
    expect(airKermaRateMGyPerMin(exposure({ mode: 'dsa', pulsesPerSecond: 0.5 }))).toBeGreaterThan(0);
    expect(() => airKermaRateMGyPerMin(exposure({ mode: 'xray' as never }))).toThrow(/^mode xray is not one of/);
    expect(() => airKermaRateMGyPerMin(exposure({ patientThicknessCm: 0 }))).toThrow(/patientThicknessCm 0/);
    expect(() => airKermaRateMGyPerMin(exposure({}, { cranDeg: 50 }))).toThrow(/^pose.cranDeg 50 is outside/);
    expect(() => doseForExposure(exposure(), -1)).toThrow(/seconds -1/);
  });
});

describe('dose tally', () => {
  it('accumulates only while the beam is on, linearly in time', () => {
    const tally = createDoseTally();
    accumulateDose(tally, exposure(), 0);
    expect(tally).toEqual(createDoseTally());

    const twice = createDoseTally();
    accumulateDose(twice, exposure(), 1.25);
    accumulateDose(twice, exposure(), 2.5);
    const once = createDoseTally();
    accumulateDose(once, exposure(), 3.75);
    for (const key of Object.keys(once) as (keyof DoseTally)[]) expect(twice[key]).toBeCloseTo(once[key], 12);
    expect(once.fluoroscopyTimeS).toBe(3.75);
    expect(once.referenceAirKermaMGy).toBeCloseTo((17 * 3.75) / 60, 12);
    expect(once.acquisitionFrames).toBe(0);
  });

  it('counts acquisition time, runs and frames separately from fluoroscopy', () => {
    const tally = createDoseTally();
    beginAcquisitionRun(tally);
    accumulateDose(tally, exposure({ mode: 'dsa', pulsesPerSecond: 3 }), 8);
    expect(tally).toMatchObject({
      acquisitionRuns: 1,
      acquisitionTimeS: 8,
      acquisitionFrames: 24,
      fluoroscopyTimeS: 0,
    });
  });

  it('puts a TACE-like case near the published TACE figures', () => {
    // DOMAIN.md: reference air kerma ~1186 mGy, DAP 189–238 Gy·cm², 20–27 min fluoroscopy.
    // Inputs (est.): 24 cm abdomen, 23 min of 15 pps fluoroscopy spread over AP at FOV 42 and
    // AP / LAO 15 / RAO 15 CRAN 10 at FOV 32; 12 DSA runs of 20 frames at 3 fps over the same views.
    const tally = createDoseTally();
    const views: Partial<CArmPose>[] = [
      { fieldOfViewCm: 42 },
      { fieldOfViewCm: 32 },
      { laoDeg: 15, fieldOfViewCm: 32 },
      { laoDeg: -15, cranDeg: 10, fieldOfViewCm: 32 },
    ];
    for (const view of views) accumulateDose(tally, exposure({ patientThicknessCm: 24 }, view), (23 * 60) / 4);
    for (let run = 0; run < 12; run++) {
      beginAcquisitionRun(tally);
      const dsa = exposure({ mode: 'dsa', pulsesPerSecond: 3, patientThicknessCm: 24 }, views[run % 4]);
      accumulateDose(tally, dsa, 20 / 3);
    }
    expect(tally.fluoroscopyTimeS).toBeCloseTo(23 * 60, 9);
    expect(tally.acquisitionRuns).toBe(12);
    expect(tally.acquisitionFrames).toBeCloseTo(240, 9);
    expect(tally.referenceAirKermaMGy).toBeGreaterThan(500);
    expect(tally.referenceAirKermaMGy).toBeLessThan(2000);
    expect(tally.kermaAreaProductGyCm2).toBeGreaterThan(100);
    expect(tally.kermaAreaProductGyCm2).toBeLessThan(400);
  });

  it('puts a cerebral angiogram inside the published DAP range', () => {
    // DOMAIN.md: cerebral angiography DAP 70–189 Gy·cm². Inputs (est.): head 18 cm AP × 15 cm
    // wide; 8 min of 15 pps fluoroscopy, ¾ AP at FOV 42 and ¼ lateral (LAO 90) at FOV 32;
    // 10 DSA runs of 10 s at 3 fps, alternating AP and lateral, FOV 42 (a whole head).
    const head = { patientThicknessCm: 18, patientWidthCm: 15 };
    const tally = createDoseTally();
    accumulateDose(tally, exposure(head, { fieldOfViewCm: 42 }), 8 * 60 * 0.75);
    accumulateDose(tally, exposure(head, { laoDeg: 90, fieldOfViewCm: 32 }), 8 * 60 * 0.25);
    for (let run = 0; run < 10; run++) {
      beginAcquisitionRun(tally);
      const view = { laoDeg: run % 2 === 0 ? 0 : 90, fieldOfViewCm: 42 as const };
      accumulateDose(tally, exposure({ ...head, mode: 'dsa', pulsesPerSecond: 3 }, view), 10);
    }
    expect(tally.kermaAreaProductGyCm2).toBeGreaterThan(70);
    expect(tally.kermaAreaProductGyCm2).toBeLessThan(189);
  });
});

describe('quantum noise', () => {
  it('is 1 at the reference fluoroscopy and follows the dose per frame', () => {
    expect(relativeQuantumNoise(exposure())).toBeCloseTo(1, 12);
    expect(relativeQuantumNoise(exposure({ mode: 'fluoro-low' }))).toBeCloseTo(Math.SQRT2, 12);
    expect(relativeQuantumNoise(exposure({ mode: 'dsa', pulsesPerSecond: 3 }))).toBeLessThan(0.2);
    expect(relativeQuantumNoise(exposure({ mode: 'cine', pulsesPerSecond: 15 }))).toBeLessThan(1);
    // Fewer pulses per second carry more dose each (Herrmann: 3 pps is 20% of continuous, not 10%).
    expect(relativeQuantumNoise(exposure({ pulsesPerSecond: 3 }))).toBeLessThan(1);
  });

  it('is unchanged by patient thickness below the cap (the AEC compensates) and rises once capped', () => {
    expect(relativeQuantumNoise(exposure({ patientThicknessCm: 25 }))).toBeCloseTo(1, 12);
    expect(relativeQuantumNoise(exposure({ patientThicknessCm: 32 }, { laoDeg: 90 }))).toBeGreaterThan(1.2);
  });
});
