import { expect, test } from '@playwright/test';
import { artifacts } from './journey.ts';
import { countNonBackgroundPixels } from './pixels.ts';

test.describe.configure({ mode: 'serial' });

test('a trainee creates a profile, finds every screen and sees the room drawn in the cath lab', async ({ page }) => {
  const consoleErrors: string[] = [];
  page.on('console', (message) => message.type() === 'error' && consoleErrors.push(message.text()));
  page.on('pageerror', (error) => consoleErrors.push(error.message));

  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Who is at the table?' })).toBeVisible();
  await page.screenshot({ path: `${artifacts}/profile-picker.png` });

  await page.getByLabel('Name').fill('Maya Fellow');
  await page.getByLabel('Trainee').check();
  await page.getByRole('button', { name: 'Add profile' }).click();

  await expect(page.getByRole('heading', { name: 'Welcome, Maya Fellow' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Change profile' })).toContainText('trainee');
  const nav = page.getByRole('navigation', { name: 'Screens' });
  await expect(nav.getByRole('link')).toHaveText(['Home', 'Briefing', 'Cath lab', 'Debrief', 'Replays', 'Settings']);
  await page.screenshot({ path: `${artifacts}/home.png` });

  for (const [link, heading] of [
    ['Briefing', 'Briefing'],
    ['Debrief', 'Debrief'],
    ['Replays', 'Replays'],
    ['Settings', 'Settings'],
  ] as const) {
    await nav.getByRole('link', { name: link }).click();
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
  }

  await nav.getByRole('link', { name: 'Cath lab' }).click();
  const roomView = page.getByTestId('room-view');
  await expect(roomView.locator('canvas')).toBeVisible();
  await expect(page.getByTestId('projection')).toHaveText('AP · FOV 32 cm · SID 1100 mm');
  await expect(page.getByText('×1.53 at the isocentre')).toBeVisible();
  // The room (floor, table, C-arm) covers a large part of the view; an empty canvas is all background.
  await expect
    .poll(async () => {
      const { changed, total } = await countNonBackgroundPixels(page, roomView.locator('canvas'), [0x0e, 0x11, 0x16]);
      return changed / total;
    })
    .toBeGreaterThan(0.2);
  await page.screenshot({ path: `${artifacts}/cathlab.png` });
  expect(consoleErrors).toEqual([]);
});

test('settings persist across a reload, and the profile stays chosen', async ({ page }) => {
  await page.goto('/#/settings');
  const frameRate = page.getByLabel("Show the 3D view's frame rate in the cath lab");
  await expect(frameRate).not.toBeChecked();
  await frameRate.check();
  await expect(frameRate).toBeChecked();
  await page.reload();
  await expect(page.getByLabel("Show the 3D view's frame rate in the cath lab")).toBeChecked();
  await expect(page.getByRole('button', { name: 'Change profile' })).toContainText('Maya Fellow');
  await page.goto('/#/cathlab');
  await expect(page.getByText(/3D view: \d+ fps/)).toBeVisible();
  await page.goto('/#/settings');
  await page.getByLabel("Show the 3D view's frame rate in the cath lab").uncheck();
});

test('a director sees the console with the real roster, and names must be unique', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Change profile' }).click();
  await page.getByLabel('Name').fill('maya fellow');
  await page.getByRole('button', { name: 'Add profile' }).click();
  await expect(page.getByRole('alert')).toContainText('a profile named "Maya Fellow" already exists');

  await page.getByLabel('Name').fill('Dr Ravi Director');
  await page.getByLabel('Program director').check();
  await page.getByLabel('Director passphrase').fill('ravi passphrase');
  await page.getByLabel('Repeat passphrase').fill('ravi passphrase');
  await page.getByRole('button', { name: 'Add profile' }).click();
  const nav = page.getByRole('navigation', { name: 'Screens' });
  await nav.getByRole('link', { name: 'Director' }).click();
  const roster = page.getByTestId('roster');
  await expect(roster.getByRole('row')).toHaveCount(3);
  await expect(roster).toContainText('Dr Ravi Director');
  await expect(roster).toContainText('Maya Fellow');

  await roster
    .getByRole('row', { name: /Maya Fellow/ })
    .getByRole('button', { name: 'Edit' })
    .click();
  await page.getByLabel('New name for Maya Fellow').fill('Maya Okonkwo');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(roster).toContainText('Maya Okonkwo');
  await page.screenshot({ path: `${artifacts}/director.png` });
});

test('the bridge refuses a call that does not carry the page token', async ({ request }) => {
  const response = await request.post('/api/profileList', { data: {} });
  expect(response.status()).toBe(401);
  expect((await response.json()).error.message).toMatch(/bridge token/);
});
