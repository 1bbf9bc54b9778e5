import { expect, test } from '@playwright/test';
import { buildAtlas } from '../../src/sim/anatomy/atlas/index.ts';
import { bodyFrame } from '../../src/sim/anatomy/body-frame.ts';
import { sheathInAccessVessel } from '../../src/sim/physics/access.ts';
import '../../src/renderer/src/fluoro/fluoroProbe.ts';
import { artifacts, openCathLab } from './journey.ts';

/** Table shifts that bring the right groin (the sheath) under the beam, as the fluoroscopy journey does. */
const body = buildAtlas('body', { archType: 'I', hepaticVariant: 'standard', fibroids: false, hepaticTumour: false });
const sheath = sheathInAccessVessel(body, 'right-common-femoral');
const tableToGroinMm = Math.round((sheath.point[2]! - (bodyFrame.celiacZMm + bodyFrame.renalZMm) / 2) / 5) * 5;
const tableToRightGroinMm = Math.round(-sheath.point[0]! / 5) * 5;

function millimetres(text: string | null): number {
  return Number(/(-?\d+) mm/.exec(text ?? '')?.[1] ?? NaN);
}

test('a trainee coils in the splenic trauma case, is refused what the devices in the body cannot deliver, and reads the coil in the debrief', async ({
  page,
}) => {
  const consoleErrors: string[] = [];
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  await openCathLab(page, 'Therapy Tester');
  await page.goto('/#/briefing/splenic-trauma-coil');
  await page.getByRole('button', { name: 'Start the case in the cath lab' }).click();
  await expect(page.getByTestId('anatomy-status')).toHaveText(/^body atlas/, { timeout: 30_000 });
  await expect(page.getByTestId('device-table')).toBeVisible({ timeout: 30_000 });

  // An embolization case: embolics only, no thrombectomy tools.
  const treatment = page.getByRole('region', { name: 'Treatment' });
  await expect(treatment.getByRole('group', { name: 'Embolics' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Unsheathe stent retriever' })).toHaveCount(0);
  const readout = page.getByTestId('therapy-readout');
  await expect(readout).toContainText('Coils 0');
  await expect(readout).toContainText('Particles 0.00 mL (0.00 mL refluxed)');

  // The catheter is loaded but not in the body yet: the coil has nothing to come out of.
  const refusal = page.getByTestId('therapy-refusal');
  await page.getByRole('button', { name: 'Deploy coil' }).click();
  await expect(refusal).toContainText('Cobra (C2) diagnostic catheter, 100 cm is loaded but not in the body yet');

  // Tab on the 3D view makes the catheter the active device (from the wire, wrapping); W pushes it in.
  const roomView = page.getByTestId('room-view');
  await roomView.focus();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('radio', { name: /Drive the .*Cobra/ })).toBeChecked();
  await roomView.focus();
  await page.keyboard.down('w');
  await page.waitForTimeout(2_000);
  await page.keyboard.up('w');
  await expect
    .poll(async () => millimetres(await page.getByTestId('device-0-inserted').textContent()))
    .toBeGreaterThan(10);

  // Now the coil leaves the catheter's tip: counted, and where it went said.
  await page.getByRole('button', { name: 'Deploy coil' }).click();
  await expect(readout).toContainText('Coils 1');
  await expect(readout).toContainText(/Coils 1 — last: (packed in|migrated to|herniated into) the /);
  await expect(refusal).toHaveCount(0);

  // Platinum shows: with the groin under the beam, the coil is by far the darkest thing on the image.
  await page.getByLabel('Table head to foot').fill(String(tableToGroinMm));
  await page.getByLabel('Table left to right').fill(String(tableToRightGroinMm));
  await page.getByTestId('fluoro-monitor').click();
  await page.keyboard.down('Space');
  await expect(page.getByTestId('xray-on')).toBeVisible();
  await page.waitForTimeout(1_000);
  await page.keyboard.up('Space');
  const darkest = await page.evaluate(() => {
    const probe = window.irTrainerFluoroProbe!;
    let most = 0;
    for (let y = 0; y < probe.sizePx; y += probe.sizePx / 48)
      for (let x = 0; x < probe.sizePx; x += probe.sizePx / 48) most = Math.max(most, probe.muAt(x, y).moving);
    return most;
  });
  await page.getByTestId('fluoro-monitor').screenshot({ path: `${artifacts}/therapy-coil-fluoro.png` });
  // A wire's Σμx is a few tenths; even one loosely packed coil (a few per cent platinum by volume) is several times that.
  expect(darkest).toBeGreaterThan(1);

  // Particles chosen under Treatment go with the injector's next injection.
  await treatment.getByLabel('Particles (in the injector)').selectOption({ label: '300–500 µm microspheres' });
  await expect(page.getByTestId('injector-status')).toContainText('400 µm particles');
  await page.getByTestId('inject').click();
  await expect(readout).not.toContainText('Particles 0.00 mL', { timeout: 15_000 });
  await treatment.screenshot({ path: `${artifacts}/therapy-panel.png` });

  await page.getByRole('button', { name: 'Finish case' }).click();
  const debrief = page.getByTestId('debrief');
  await expect(debrief.getByRole('heading', { level: 1 })).toHaveText(
    'Splenic artery trauma: coil the bleeding segment',
    { timeout: 30_000 },
  );
  await expect(page.getByTestId('timeline')).toContainText(/coil (packed in|migrated to|herniated to) the /);
  // The outcome in the procedure's words: particles delivered, their reflux graded, the coils.
  const outcome = page.getByTestId('outcome-results');
  await expect(outcome).toContainText(/Particles delivered\s*0\.\d\d mL/);
  await expect(outcome).toContainText(/Reflux\s*(none|minor|moderate|marked)/);
  await expect(outcome).toContainText(/Coils\s*1/);

  // Free practice offers the thrombectomy tools too; with no microcatheter or balloon guide in, they are refused.
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Cath lab' }).click();
  await expect(page.getByTestId('device-table')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('group', { name: 'Thrombectomy' })).toBeVisible();
  await page.getByRole('button', { name: 'Unsheathe stent retriever' }).click();
  await expect(page.getByTestId('therapy-refusal')).toContainText(
    'stent retriever is delivered through a microcatheter; none is in the body',
  );
  const balloon = page.getByRole('button', { name: 'Inflate balloon' });
  await balloon.click();
  await expect(page.getByTestId('therapy-refusal')).toContainText('no balloon guide catheter');
  await expect(balloon).toHaveAttribute('aria-pressed', 'false');
  await expect(page.getByTestId('therapy-readout')).toContainText('Passes 0');
  expect(consoleErrors).toEqual([]);
});

test('a trainee exchanges devices mid-case: the patient carries on (dose kept), the aspiration catheter goes in through the guide, and aspirating away from the clot is refused', async ({
  page,
}) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await openCathLab(page, 'Therapy Tester');
  await page.goto('/#/briefing/stroke-left-m1-aspiration');
  await page.getByRole('button', { name: 'Start the case in the cath lab' }).click();
  await expect(page.getByTestId('anatomy-status')).toHaveText(/^neuro atlas/, { timeout: 30_000 });
  await expect(page.getByTestId('device-table').locator('tbody tr')).toHaveCount(3, { timeout: 30_000 });

  // Some fluoroscopy first: the dose must survive the exchange.
  await page.getByTestId('fluoro-monitor').click();
  await page.keyboard.down('Space');
  await expect(page.getByTestId('xray-on')).toBeVisible();
  await page.waitForTimeout(800);
  await page.keyboard.up('Space');
  const kerma = page.getByTestId('air-kerma');
  await expect(kerma).not.toHaveText('0.0 mGy');
  // Read it once the beam is off and the readout has caught up with the last pulse.
  await expect(page.getByTestId('xray-on')).toHaveCount(0);
  await page.waitForTimeout(1_000);
  const before = await kerma.textContent();
  // No reset in a case: the patient cannot be started again.
  await expect(page.getByRole('button', { name: 'Reset devices' })).toHaveCount(0);

  // Out come the wire and the catheter, in goes the 5F aspiration catheter through the guide.
  await page.getByRole('button', { name: /^Remove the 0\.035"/ }).click();
  await expect(page.getByTestId('device-table').locator('tbody tr')).toHaveCount(2);
  await page.getByRole('button', { name: /^Remove the 5F vertebral/ }).click();
  await expect(page.getByTestId('device-table').locator('tbody tr')).toHaveCount(1);
  await page.getByTestId('device-choice').selectOption('aspiration-5f');
  await page.getByRole('button', { name: /^Load through 6F guide catheter/ }).click();
  await expect(page.getByTestId('device-1')).toContainText('5F aspiration catheter');
  await expect(kerma).toHaveText(before!);

  // Loaded but not pushed in: suction is refused with why; pushed in a little, it is far from the
  // M1 clot, and refused again with the distance.
  await page.getByRole('button', { name: 'Aspirate (pass)' }).click();
  await expect(page.getByTestId('therapy-refusal')).toContainText('is loaded but not in the body yet');
  await page.getByTestId('room-view').focus();
  await page.keyboard.down('w');
  await page.waitForTimeout(1_000);
  await page.keyboard.up('w');
  await expect.poll(async () => page.getByTestId('device-1-inserted').textContent()).not.toBe('0 mm');
  await page.getByRole('button', { name: 'Aspirate (pass)' }).click();
  await expect(page.getByTestId('therapy-refusal')).toContainText('not engaged on the clot');
  await page.getByRole('region', { name: 'Devices' }).screenshot({ path: `${artifacts}/exchange-mid-case.png` });

  // The exchange is in the debrief's log.
  await page.getByRole('button', { name: 'Finish case' }).click();
  await expect(page.getByTestId('timeline')).toContainText('5F aspiration catheter (0.058" lumen), 132 cm loaded', {
    timeout: 30_000,
  });
  expect(pageErrors).toEqual([]);
});
