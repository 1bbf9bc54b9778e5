import { expect, test, type Page } from '@playwright/test';
import { buildAtlas } from '../../src/sim/anatomy/atlas/index.ts';
import { segmentByKey, sampleAtArc } from '../../src/sim/anatomy/model.ts';
import { sheathInAccessVessel } from '../../src/sim/physics/access.ts';
import { bodyFrame } from '../../src/sim/anatomy/body-frame.ts';
import '../../src/renderer/src/fluoro/fluoroProbe.ts';
import { artifacts, openCathLab } from './journey.ts';
import { greyStats } from './pixels.ts';

/**
 * The trainee's view of the patient: fluoroscopy over the groin of the body atlas. Points are
 * computed here from the same core the app runs (the atlas the cath lab builds for "body" with
 * its default options), and found on the image through the monitor's read-only probe.
 */
const tree = buildAtlas('body', { archType: 'I', hepaticVariant: 'standard', fibroids: false, hepaticTumour: false });
const sheath = sheathInAccessVessel(tree, 'right-common-femoral');
const femoral = segmentByKey(tree, 'right-common-femoral');
const externalIliac = segmentByKey(tree, 'right-external-iliac');

function pointAt(segment: typeof femoral, arcMm: number): [number, number, number] {
  const out = new Float64Array(3);
  sampleAtArc(segment, arcMm, out);
  return [out[0]!, out[1]!, out[2]!];
}
/** Downstream of the sheath's tip: the femoral artery toward the leg (flow runs down the leg). */
const downstream = pointAt(femoral, femoral.arcMm[femoral.arcMm.length - 1]! - 8);
/** Upstream: the external iliac artery, which contrast reaches only by reflux. */
const upstream = pointAt(externalIliac, externalIliac.arcMm[externalIliac.arcMm.length - 1]! / 2);
/**
 * Table shift that brings the sheath to the isocentre: the body atlas puts the upper abdomen
 * (midway between the celiac and renal levels) there.
 */
const tableToGroinMm = Math.round((sheath.point[2]! - (bodyFrame.celiacZMm + bodyFrame.renalZMm) / 2) / 5) * 5;

async function pixelOf(page: Page, lps: [number, number, number]): Promise<[number, number]> {
  const pixel = await page.evaluate((point) => window.irTrainerFluoroProbe!.pixelOf(point), lps);
  expect(pixel).not.toBeNull();
  return pixel!;
}

async function movingMu(page: Page, [x, y]: [number, number]): Promise<number> {
  return page.evaluate(([px, py]) => window.irTrainerFluoroProbe!.muAt(px, py).moving, [x, y] as const);
}

/** The most any pixel within `radius` of a point shows of moving things (vessels' contrast, devices). */
async function maxMovingMuNear(page: Page, [x, y]: [number, number], radius: number): Promise<number> {
  return page.evaluate(
    ({ x, y, radius }) => {
      let best = 0;
      for (let dy = -radius; dy <= radius; dy += 2)
        for (let dx = -radius; dx <= radius; dx += 2)
          best = Math.max(best, window.irTrainerFluoroProbe!.muAt(x + dx, y + dy).moving);
      return best;
    },
    { x, y, radius },
  );
}

async function holdPedal(page: Page, key: 'Space' | 'KeyX', ms: number): Promise<void> {
  const pulses = await page.evaluate(() => window.irTrainerFluoroProbe!.pulses);
  await page.keyboard.down(key);
  await expect(page.getByTestId('xray-on')).toBeVisible();
  await page.waitForTimeout(ms);
  await expect.poll(() => page.evaluate(() => window.irTrainerFluoroProbe!.pulses)).toBeGreaterThan(pulses);
  await page.keyboard.up(key);
  await expect(page.getByTestId('last-image-hold')).toBeVisible();
}

function box(pixel: [number, number], half: number, scale: number) {
  return {
    x: (pixel[0] - half) * scale,
    y: (pixel[1] - half) * scale,
    width: 2 * half * scale,
    height: 2 * half * scale,
  };
}

test('fluoroscopy shows bone and the wire, contrast fills the artery downstream of the sheath and clears, DSA subtracts the bone', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const consoleErrors: string[] = [];
  page.on('pageerror', (error) => consoleErrors.push(error.message));

  await openCathLab(page, 'Fluoro Tester');
  await page.getByLabel('Atlas').selectOption('body');
  await expect(page.getByTestId('anatomy-status')).toHaveText(/^body atlas/, { timeout: 30_000 });
  await expect(page.getByTestId('device-table')).toBeVisible({ timeout: 30_000 });
  await expect.poll(() => page.evaluate(() => window.irTrainerFluoroProbe !== undefined)).toBe(true);
  await expect(page.getByTestId('projection')).toHaveText(/^AP · FOV 32 cm/);

  // Bring the groin under the beam, and push the wire a few centimetres out of the sheath.
  await page.getByLabel('Table head to foot').fill(String(tableToGroinMm));
  await page.getByLabel('Table left to right').fill(String(Math.round(-sheath.point[0]! / 5) * 5));
  await page.getByTestId('fluoro-monitor').click();
  await page.keyboard.down('KeyW');
  await expect
    .poll(async () => Number(/(\d+)/.exec((await page.getByTestId('device-1-inserted').textContent()) ?? '')?.[1]))
    .toBeGreaterThan(25);
  await page.keyboard.up('KeyW');

  // Nothing is imaged, and no dose is given, until a pedal is pressed.
  await expect(page.getByTestId('air-kerma')).toHaveText('0.0 mGy');
  await holdPedal(page, 'Space', 1200);
  await expect(page.getByTestId('air-kerma')).not.toHaveText('0.0 mGy');
  // The readout refreshes a few times a second: let the last beam-on frame reach it.
  await page.waitForTimeout(600);
  const kermaAfterFluoro = await page.getByTestId('air-kerma').textContent();
  await page.waitForTimeout(1000);
  await expect(page.getByTestId('air-kerma')).toHaveText(kermaAfterFluoro!);

  const canvas = page.getByTestId('fluoro-canvas');
  const sizePx = await page.evaluate(() => window.irTrainerFluoroProbe!.sizePx);
  const scale = (await canvas.boundingBox())!.width / sizePx;
  const downstreamPx = await pixelOf(page, downstream);
  const upstreamPx = await pixelOf(page, upstream);
  const tipPx = await pixelOf(page, [
    sheath.point[0]! + 20 * sheath.direction[0]!,
    sheath.point[1]! + 20 * sheath.direction[1]!,
    sheath.point[2]! + 20 * sheath.direction[2]!,
  ]);
  for (const [x, y] of [downstreamPx, upstreamPx, tipPx]) {
    expect(x).toBeGreaterThan(0);
    expect(x).toBeLessThan(sizePx);
    expect(y).toBeGreaterThan(0);
    expect(y).toBeLessThan(sizePx);
  }
  // Without contrast the artery adds nothing to the image; the wire does.
  expect(await movingMu(page, downstreamPx)).toBe(0);
  expect(await maxMovingMuNear(page, tipPx, 16)).toBeGreaterThan(0.1);
  const before = await canvas.screenshot({ path: `${artifacts}/fluoro-before-injection.png` });

  // Inject 8 mL/s through the sheath's side arm under fluoroscopy (a long run, stopped by hand,
  // so the screenshots certainly fall inside it).
  await page.getByLabel('Injection rate').fill('8');
  await page.getByLabel('Injection volume').fill('60');
  await page.getByTestId('fluoro-monitor').click();
  await page.keyboard.down('Space');
  await page.keyboard.press('KeyI');
  await expect(page.getByTestId('injector-status')).toHaveText(/Injecting/);
  await page.waitForTimeout(1000);
  const downstreamMu = await movingMu(page, downstreamPx);
  const upstreamMu = await movingMu(page, upstreamPx);
  // Releasing the pedal holds the last image (with its contrast) while the injection is stopped.
  await page.keyboard.up('Space');
  await expect(page.getByTestId('last-image-hold')).toBeVisible();
  await page.getByRole('button', { name: 'Stop' }).click();
  const during = await canvas.screenshot({ path: `${artifacts}/fluoro-during-injection.png` });
  expect(downstreamMu).toBeGreaterThan(0.05);
  expect(upstreamMu).toBeLessThan(0.01);
  // The pixels show it: the artery below the sheath is darker than before.
  const beforeGrey = await greyStats(page, before, box(downstreamPx, 4, scale));
  const duringGrey = await greyStats(page, during, box(downstreamPx, 4, scale));
  expect(beforeGrey.mean - duringGrey.mean).toBeGreaterThan(12);
  // The injector counts what went in: 8 mL/s for the seconds it ran, far short of the 60 mL set.
  await expect(page.getByTestId('injector-status')).toHaveText(/Ready/);
  const injected = Number(/([\d.]+) mL/.exec((await page.getByTestId('contrast-total').textContent()) ?? '')?.[1]);
  expect(injected).toBeGreaterThan(8);
  expect(injected).toBeLessThan(60);

  // Blood washes the contrast out over a few seconds.
  await page.waitForTimeout(5000);
  await holdPedal(page, 'Space', 400);
  expect(await movingMu(page, downstreamPx)).toBeLessThan(0.02);

  // A DSA run with nothing injected: the mask cancels bone and soft tissue, the image is flat.
  const fluoro = await canvas.screenshot();
  await holdPedal(page, 'KeyX', 1500);
  const dsa = await canvas.screenshot({ path: `${artifacts}/dsa-without-contrast.png` });
  const middle = {
    x: sizePx * 0.2 * scale,
    y: sizePx * 0.2 * scale,
    width: sizePx * 0.6 * scale,
    height: sizePx * 0.6 * scale,
  };
  const fluoroSpread = await greyStats(page, fluoro, middle);
  const dsaSpread = await greyStats(page, dsa, middle);
  expect(fluoroSpread.sd).toBeGreaterThan(10);
  expect(dsaSpread.sd).toBeLessThan(4);
  await expect(page.getByTestId('reference-run')).toContainText('Run 1 · DSA 3 f/s · AP');

  // A DSA run with contrast: the subtracted artery is dark on grey, and the run becomes a roadmap.
  await page.getByLabel('Injection volume').fill('60');
  await page.getByTestId('fluoro-monitor').click();
  await page.keyboard.down('KeyX');
  // The mask is the run's first frame: inject after it, as an injector's X-ray delay does.
  await page.waitForTimeout(800);
  await page.keyboard.press('KeyI');
  await page.waitForTimeout(1500);
  await page.keyboard.up('KeyX');
  await expect(page.getByTestId('last-image-hold')).toBeVisible();
  await page.getByRole('button', { name: 'Stop' }).click();
  const dsaContrast = await canvas.screenshot({ path: `${artifacts}/dsa-with-contrast.png` });
  expect((await greyStats(page, dsaContrast, box(downstreamPx, 4, scale))).mean).toBeLessThan(dsaSpread.mean - 25);
  await expect(page.getByTestId('reference-run')).toContainText('Run 2 · DSA');
  const roadmap = page.getByRole('checkbox', { name: /Roadmap/ });
  await expect(roadmap).toBeEnabled();
  await roadmap.check();
  // Once the contrast has washed out, live fluoroscopy shows the artery as the roadmap's white map.
  await page.waitForTimeout(4000);
  await page.getByTestId('fluoro-monitor').click();
  await holdPedal(page, 'Space', 600);
  expect(await movingMu(page, downstreamPx)).toBeLessThan(0.02);
  const roadmapImage = await canvas.screenshot({ path: `${artifacts}/fluoro-roadmap.png` });
  const roadmapGrey = await greyStats(page, roadmapImage, box(downstreamPx, 4, scale));
  expect(roadmapGrey.mean - beforeGrey.mean).toBeGreaterThan(25);
  await expect(page.getByTestId('monitor-dose')).toContainText('Ka,r');
  await page.screenshot({ path: `${artifacts}/cathlab-monitors.png` });
  expect(consoleErrors).toEqual([]);
});
