import { expect, type Page } from '@playwright/test';

export const artifacts = 'tests/e2e/artifacts';

/**
 * Opens the cath lab as whoever is signed in; on a fresh data folder (a spec run alone) first
 * creates a trainee profile named `traineeName`, the way the foundation journey does.
 */
export async function openCathLab(page: Page, traineeName: string): Promise<void> {
  await page.goto('/');
  const nav = page.getByRole('navigation', { name: 'Screens' });
  const picker = page.getByRole('heading', { name: 'Who is at the table?' });
  await expect(nav.or(picker)).toBeVisible();
  if (await picker.isVisible()) {
    await page.getByLabel('Name').fill(traineeName);
    await page.getByLabel('Trainee').check();
    await page.getByRole('button', { name: 'Add profile' }).click();
    await expect(page.getByRole('heading', { name: `Welcome, ${traineeName}` })).toBeVisible();
  }
  await nav.getByRole('link', { name: 'Cath lab' }).click();
}

/** Puts the 3D see-through view on the large monitor (journeys that look at the 3D scene). */
export async function enlargeRoomView(page: Page): Promise<void> {
  await page.getByRole('button', { name: '3D view large' }).click();
  await expect(page.getByRole('button', { name: '3D view large' })).toHaveAttribute('aria-pressed', 'true');
}

/** A DSA run with an injection: acquisition pedal down, inject after the mask, pedal up; the run is listed. */
export async function takeDsaRun(page: Page): Promise<void> {
  await page.getByTestId('fluoro-monitor').click();
  await page.keyboard.down('KeyX');
  await expect(page.getByTestId('xray-on')).toBeVisible();
  await page.waitForTimeout(600);
  await page.keyboard.press('KeyI');
  await page.waitForTimeout(1500);
  await page.keyboard.up('KeyX');
  await expect(page.getByTestId('reference-run')).toContainText('Run 1 · DSA');
}
