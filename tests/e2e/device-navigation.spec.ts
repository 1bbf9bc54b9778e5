import { expect, test, type Locator, type Page } from '@playwright/test';
import { artifacts, enlargeRoomView, openCathLab } from './journey.ts';

function millimetres(text: string | null): number {
  return Number(/(-?\d+) mm/.exec(text ?? '')?.[1] ?? NaN);
}

function degrees(text: string | null): number {
  return Number(/(-?\d+)°/.exec(text ?? '')?.[1] ?? NaN);
}

/** Pixels of the element's screenshot that differ between two screenshots by more than `tolerance` in any channel. */
async function changedPixels(page: Page, element: Locator, before: Buffer, tolerance = 40): Promise<number> {
  const after = await element.screenshot();
  return page.evaluate(
    async ({ a, b, tolerance }) => {
      const decode = async (base64: string) => {
        const bytes = Uint8Array.from(atob(base64), (character) => character.charCodeAt(0));
        const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
        const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
        const context = canvas.getContext('2d')!;
        context.drawImage(bitmap, 0, 0);
        return context.getImageData(0, 0, bitmap.width, bitmap.height).data;
      };
      const [first, second] = await Promise.all([decode(a), decode(b)]);
      let changed = 0;
      for (let i = 0; i < Math.min(first.length, second.length); i += 4) {
        if (
          Math.abs(first[i]! - second[i]!) > tolerance ||
          Math.abs(first[i + 1]! - second[i + 1]!) > tolerance ||
          Math.abs(first[i + 2]! - second[i + 2]!) > tolerance
        )
          changed++;
      }
      return changed;
    },
    { a: before.toString('base64'), b: after.toString('base64'), tolerance },
  );
}

test('a trainee pushes and turns the wire from the femoral sheath with the keyboard and sees it move', async ({
  page,
}) => {
  const consoleErrors: string[] = [];
  page.on('console', (message) => message.type() === 'error' && consoleErrors.push(message.text()));
  page.on('pageerror', (error) => consoleErrors.push(error.message));

  await openCathLab(page, 'Device Tester');
  await enlargeRoomView(page);
  await expect(page.getByTestId('anatomy-status')).toHaveText(/^neuro atlas/, { timeout: 30_000 });
  const table = page.getByTestId('device-table');
  await expect(table).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('device-0')).toContainText('vertebral');
  await expect(page.getByTestId('device-1')).toContainText('0.035');
  // The wire (innermost) is active; nothing is inserted yet.
  await expect(page.getByRole('radio', { name: /Drive the .*0\.035/ })).toBeChecked();
  const wireInserted = page.getByTestId('device-1-inserted');
  const wireRotation = page.getByTestId('device-1-rotation');
  await expect(wireInserted).toHaveText('0 mm');

  await page.getByRole('button', { name: 'Access site' }).click();
  const canvas = page.getByTestId('room-view').locator('canvas');
  await page.waitForTimeout(1_000);
  const before = await canvas.screenshot({ path: `${artifacts}/devices-before.png` });

  // Push for about two seconds at 20 mm/s.
  await page.getByTestId('room-view').focus();
  await page.keyboard.down('w');
  await page.waitForTimeout(2_000);
  await page.keyboard.up('w');
  await expect.poll(async () => millimetres(await wireInserted.textContent())).toBeGreaterThan(20);
  const pushed = millimetres(await wireInserted.textContent());
  expect(pushed).toBeLessThan(80);
  // Released: it stays where it is.
  await page.waitForTimeout(500);
  expect(millimetres(await wireInserted.textContent())).toBeLessThanOrEqual(pushed + 1);
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${artifacts}/devices-pushed-page.png` });
  await canvas.screenshot({ path: `${artifacts}/devices-pushed.png` });
  // The wire shows in the view: a streak of pixels changed where it came out of the sheath.
  expect(await changedPixels(page, canvas, before)).toBeGreaterThan(150);

  // Turn the hub clockwise for a second: about 90°.
  await page.keyboard.down('d');
  await page.waitForTimeout(1_000);
  await page.keyboard.up('d');
  await expect.poll(async () => degrees(await wireRotation.textContent())).toBeGreaterThan(30);

  // Tab drives the catheter: it follows over the wire.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('radio', { name: /Drive the .*vertebral/ })).toBeChecked();
  const catheterInserted = page.getByTestId('device-0-inserted');
  await page.keyboard.down('w');
  await page.waitForTimeout(1_500);
  await page.keyboard.up('w');
  await expect.poll(async () => millimetres(await catheterInserted.textContent())).toBeGreaterThan(15);
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${artifacts}/devices-catheter-page.png` });

  await page.getByRole('button', { name: 'Reset devices' }).click();
  await expect(wireInserted).toHaveText('0 mm');
  await expect(catheterInserted).toHaveText('0 mm');
  expect(consoleErrors).toEqual([]);
});
