import { expect, test, type Page } from '@playwright/test';
import { findReddishPixels } from './pixels.ts';
import { artifacts, enlargeRoomView, openCathLab } from './journey.ts';

/** Arterial red as a share of the 3D view's pixels: independent of how large the monitor is. */
function reddishShare({ reddish, total }: { reddish: number; total: number }): number {
  return reddish / total;
}

test.describe.configure({ mode: 'serial' });

async function waitForAnatomy(page: Page, name: RegExp): Promise<void> {
  await expect(page.getByTestId('anatomy-status')).toHaveText(name, { timeout: 30_000 });
  await expect(page.getByRole('status').filter({ hasText: 'Building the anatomy' })).toHaveCount(0);
}

test('the cath lab shows the atlas anatomy on the table, names a clicked vessel and switches atlas', async ({
  page,
}) => {
  const consoleErrors: string[] = [];
  page.on('console', (message) => message.type() === 'error' && consoleErrors.push(message.text()));
  page.on('pageerror', (error) => consoleErrors.push(error.message));

  await openCathLab(page, 'Anatomy Tester');
  await enlargeRoomView(page);
  const canvas = page.getByTestId('room-view').locator('canvas');
  await waitForAnatomy(page, /^neuro atlas.*: \d+ vessels, [\d,]+ triangles$/);
  await expect(page.getByText('At the isocentre: skull base (neck and head).')).toBeVisible();
  // The patient view: the whole patient on the table, vessels visible through the skin.
  await expect.poll(async () => reddishShare(await findReddishPixels(page, canvas))).toBeGreaterThan(0.003);
  await page.screenshot({ path: `${artifacts}/anatomy-neuro-patient.png` });

  await page.getByRole('button', { name: 'All vessels' }).click();
  await expect.poll(async () => reddishShare(await findReddishPixels(page, canvas))).toBeGreaterThan(0.008);
  await page.screenshot({ path: `${artifacts}/anatomy-neuro-vessels.png` });

  // The region of interest (neck and head) fills the view: vessels take a few percent of it.
  await page.getByRole('button', { name: 'Region of interest' }).click();
  await expect.poll(async () => reddishShare(await findReddishPixels(page, canvas))).toBeGreaterThan(0.02);
  await page.screenshot({ path: `${artifacts}/anatomy-neuro.png` });
  const neuro = await findReddishPixels(page, canvas);

  // Click well inside a red area: the panel names the vessel and its calibre.
  expect(neuro.inside).not.toBeNull();
  await canvas.click({ position: neuro.inside! });
  const picked = page.getByTestId('picked-vessel');
  await expect(picked).toContainText(/artery|aorta|trunk/i);
  await expect(picked.getByText(/^\d+(\.\d)? mm$/)).toBeVisible();
  await page.screenshot({ path: `${artifacts}/anatomy-neuro-picked.png` });

  // Switch to the body atlas: the view changes (another tree, framed afresh).
  await page.getByLabel('Atlas').selectOption('body');
  await waitForAnatomy(page, /^body atlas.*: \d+ vessels/);
  await expect(page.getByText('At the isocentre: upper abdomen (celiac to renal arteries).')).toBeVisible();
  await expect(page.getByText('No vessel selected.')).toBeVisible();
  await expect
    .poll(async () => {
      const body = await findReddishPixels(page, canvas);
      return Math.abs(body.reddish - neuro.reddish) / neuro.reddish;
    })
    .toBeGreaterThan(0.1);
  await page.screenshot({ path: `${artifacts}/anatomy-body.png` });
  await page.getByRole('button', { name: 'Patient' }).click();
  await expect.poll(async () => reddishShare(await findReddishPixels(page, canvas))).toBeGreaterThan(0.0015);
  await page.screenshot({ path: `${artifacts}/anatomy-body-patient.png` });
  expect(consoleErrors).toEqual([]);
});

test('a developer loads a SimVascular model in place of the atlas, and a bad file is named in the error', async ({
  page,
}) => {
  const consoleErrors: string[] = [];
  page.on('console', (message) => message.type() === 'error' && consoleErrors.push(message.text()));
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  await openCathLab(page, 'Anatomy Tester');
  await enlargeRoomView(page);
  const canvas = page.getByTestId('room-view').locator('canvas');
  await waitForAnatomy(page, /^neuro atlas/);

  await page.getByText('Developer: load model').click();
  const files = page.getByLabel('Vessel model files (.pth and .ctgr, or one .json)');
  const fixtures = 'tests/fixtures/simvascular';
  await files.setInputFiles(
    ['aorta', 'Left_Iliac', 'Right_Iliac'].flatMap((name) => [`${fixtures}/${name}.pth`, `${fixtures}/${name}.ctgr`]),
  );
  await waitForAnatomy(page, /^aorta: 3 vessels/);
  await expect(page.getByText('Showing the imported model “aorta”, centred at the isocentre.')).toBeVisible();
  // No atlas patient comes with it: the view fits the imported vessels alone.
  await expect.poll(async () => reddishShare(await findReddishPixels(page, canvas))).toBeGreaterThan(0.02);
  const imported = await findReddishPixels(page, canvas);
  await canvas.click({ position: imported.inside! });
  await expect(page.getByTestId('picked-vessel')).toContainText(/aorta|Iliac/);
  await page.screenshot({ path: `${artifacts}/anatomy-imported.png` });

  await files.setInputFiles({
    name: 'newer.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{"format": "ir-trainer-vessel-tree", "version": 2}'),
  });
  await expect(page.getByRole('alert')).toContainText('newer.json: version');
  await page.getByRole('alert').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${artifacts}/anatomy-import-error.png` });
  await page.getByRole('button', { name: 'Back to the atlas' }).click();
  await waitForAnatomy(page, /^neuro atlas/);
  await expect(page.getByRole('alert')).toHaveCount(0);
  expect(consoleErrors).toEqual([]);
});

test('the 3D view keeps drawing with the anatomy loaded (frame rate, for the record)', async ({ page }) => {
  await openCathLab(page, 'Anatomy Tester');
  await enlargeRoomView(page);
  await page.goto('/#/settings');
  const frameRate = page.getByLabel("Show the 3D view's frame rate in the cath lab");
  await frameRate.check();
  await page.goto('/#/cathlab');
  await waitForAnatomy(page, /^neuro atlas/);
  await page.getByRole('button', { name: 'Region of interest' }).click();
  const fps = page.getByText(/3D view: \d+ fps/);
  await expect(fps).toBeVisible();
  await page.waitForTimeout(3_000);
  const patientView = Number(/(\d+) fps/.exec((await fps.textContent()) ?? '')?.[1]);
  test
    .info()
    .annotations.push({ type: 'frame rate', description: `${patientView} fps, region of interest, medium detail` });
  console.log(`3D view frame rate with the neuro atlas (medium detail): ${patientView} fps`);
  expect(patientView).toBeGreaterThan(0);
  await page.goto('/#/settings');
  await page.getByLabel("Show the 3D view's frame rate in the cath lab").uncheck();
});
