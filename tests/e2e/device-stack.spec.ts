import { expect, test, type Page } from '@playwright/test';
import { artifacts, enlargeRoomView, openCathLab } from './journey.ts';

/** Empties the stack: the innermost device comes out each time. */
async function removeEverything(page: Page): Promise<void> {
  const rows = page.getByTestId('device-table').locator('tbody tr');
  for (let count = await rows.count(); count > 0; count--) {
    await rows
      .nth(count - 1)
      .getByRole('button', { name: /^Remove the / })
      .click();
    await expect(rows).toHaveCount(count - 1);
  }
  await expect(page.getByTestId('device-empty')).toBeVisible();
}

test('a trainee builds a 4F Cobra over a 0.035" J wire from the catalogue and is refused a wire too big for a microcatheter', async ({
  page,
}) => {
  const consoleErrors: string[] = [];
  page.on('console', (message) => message.type() === 'error' && consoleErrors.push(message.text()));
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  await openCathLab(page, 'Stack Tester');
  await enlargeRoomView(page);
  await expect(page.getByTestId('device-table')).toBeVisible({ timeout: 30_000 });

  // Only the innermost device (the wire) can come out of the default stack.
  await expect(page.getByRole('button', { name: /Remove the .*vertebral/ })).toBeDisabled();
  await removeEverything(page);

  const choice = page.getByTestId('device-choice');
  await choice.selectOption('catheter-4f-cobra');
  await expect(page.getByTestId('device-choice-facts')).toHaveText(
    'Outer diameter 1.33 mm (4F), lumen 0.97 mm, length 100 cm, tip Cobra (C2).',
  );
  await page.getByRole('button', { name: 'Insert through sheath' }).click();
  await expect(page.getByTestId('device-0')).toContainText('4F Cobra (C2) diagnostic catheter');
  await choice.selectOption('wire-035-j');
  await page.getByRole('button', { name: 'Load through 4F Cobra (C2) diagnostic catheter, 100 cm' }).click();
  await expect(page.getByTestId('device-1')).toContainText('0.035" J-tip PTFE guidewire');
  await expect(page.getByRole('radio', { name: /Drive the 0\.035" J-tip/ })).toBeChecked();
  await expect(page.getByTestId('device-refusal')).toHaveCount(0);

  // The new stack moves: push the wire.
  await page.getByTestId('room-view').focus();
  await page.keyboard.down('w');
  await page.waitForTimeout(1_000);
  await page.keyboard.up('w');
  await expect.poll(async () => page.getByTestId('device-1-inserted').textContent()).not.toBe('0 mm');
  await page.getByTestId('device-table').screenshot({ path: `${artifacts}/stack-cobra-j.png` });
  await page.screenshot({ path: `${artifacts}/stack-cobra-j-page.png` });

  // A 0.035" wire does not pass a 2.4F microcatheter's 0.021" lumen.
  await removeEverything(page);
  await choice.selectOption('microcatheter-2.4f');
  await page.getByRole('button', { name: 'Insert through sheath' }).click();
  await expect(page.getByTestId('device-0')).toContainText('2.4F microcatheter');
  await choice.selectOption('wire-035-angled-hydrophilic');
  await page.getByRole('button', { name: /^Load through 2\.4F microcatheter/ }).click();
  const refusal = page.getByTestId('device-refusal');
  await expect(refusal).toHaveText(
    '0.035" angled hydrophilic guidewire, 150 cm (outer diameter 0.89 mm) does not fit through ' +
      '2.4F microcatheter (0.021" lumen), 150 cm (lumen 0.53 mm).',
  );
  // Refused: the stack is unchanged.
  await expect(page.getByTestId('device-table').locator('tbody tr')).toHaveCount(1);
  await page.locator('section[aria-labelledby="devices-title"]').screenshot({ path: `${artifacts}/stack-refused.png` });
  expect(consoleErrors).toEqual([]);
});

test('a gamepad pushes the active device with the left stick, turns it with the right and switches with the shoulders', async ({
  page,
}) => {
  // A standard-mapping pad the test moves through `window.testPad` (no real pad on the build machines).
  await page.addInitScript(() => {
    const pad = {
      id: 'test pad',
      index: 0,
      connected: true,
      mapping: 'standard',
      timestamp: 0,
      axes: [0, 0, 0, 0],
      buttons: Array.from({ length: 17 }, () => ({ pressed: false, touched: false, value: 0 })),
    };
    Object.assign(window, { testPad: pad });
    navigator.getGamepads = () => [pad as unknown as Gamepad];
  });
  await openCathLab(page, 'Stack Tester');
  await enlargeRoomView(page);
  await expect(page.getByTestId('device-table')).toBeVisible({ timeout: 30_000 });
  const setPad = (axes: number[], shoulder: [boolean, boolean] = [false, false]) =>
    page.evaluate(
      ({ axes, shoulder }) => {
        const pad = (window as unknown as { testPad: { axes: number[]; buttons: { pressed: boolean }[] } }).testPad;
        pad.axes = axes;
        pad.buttons[4]!.pressed = shoulder[0];
        pad.buttons[5]!.pressed = shoulder[1];
      },
      { axes, shoulder },
    );
  const inserted = page.getByTestId('device-1-inserted');
  await expect(inserted).toHaveText('0 mm');

  // Full forward on the left stick for about a second (20 mm/s), full right on the right stick.
  await setPad([0, -1, 1, 0]);
  await page.waitForTimeout(1_000);
  await setPad([0, 0, 0, 0]);
  await expect.poll(async () => Number(/\d+/.exec((await inserted.textContent()) ?? '')?.[0])).toBeGreaterThan(8);
  expect(Number(/\d+/.exec((await inserted.textContent()) ?? '')?.[0])).toBeLessThan(40);
  await expect
    .poll(async () => Number(/-?\d+/.exec((await page.getByTestId('device-1-rotation').textContent()) ?? '')?.[0]))
    .toBeGreaterThan(30);

  // The right shoulder picks the next device (wrapping to the catheter).
  await setPad([0, 0, 0, 0], [false, true]);
  await expect(page.getByRole('radio', { name: /Drive the .*vertebral/ })).toBeChecked();
  await setPad([0, 0, 0, 0]);
});

test('the mouse drives the active device from the hub pad: drag up pushes, sideways turns, letting go stops', async ({
  page,
}) => {
  await openCathLab(page, 'Stack Tester');
  await expect(page.getByTestId('device-table')).toBeVisible({ timeout: 30_000 });
  const pad = page.getByTestId('hub-pad');
  await expect(pad).toContainText('Drag to drive the 0.035');
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  const inserted = page.getByTestId('device-1-inserted');
  const before = Number(/\d+/.exec((await inserted.textContent()) ?? '')?.[0]);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 100, box.y + box.height / 2 - 100, { steps: 5 });
  await expect(page.getByTestId('hub-pad-speeds')).toHaveText('30 mm/s · 180°/s');
  await page.waitForTimeout(700);
  await page.mouse.up();
  await expect(page.getByTestId('hub-pad-speeds')).toHaveText('0 mm/s · 0°/s');
  await expect
    .poll(async () => Number(/\d+/.exec((await inserted.textContent()) ?? '')?.[0]))
    .toBeGreaterThan(before + 8);
  await expect
    .poll(async () =>
      Math.abs(Number(/-?\d+/.exec((await page.getByTestId('device-1-rotation').textContent()) ?? '')?.[0])),
    )
    .toBeGreaterThan(30);
  await page.locator('section[aria-labelledby="devices-title"]').screenshot({ path: `${artifacts}/hub-pad.png` });
});
