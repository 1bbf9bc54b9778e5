import { expect, test } from '@playwright/test';
import { artifacts, openCathLab } from './journey.ts';

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

  // Nothing is in the body yet: the coil has nothing to go through.
  const refusal = page.getByTestId('therapy-refusal');
  await page.getByRole('button', { name: 'Deploy coil' }).click();
  await expect(refusal).toContainText('a coil goes through a catheter; none is in the body');

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
