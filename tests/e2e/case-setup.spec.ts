import { spawnSync } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { artifacts, openCathLab, takeDsaRun } from './journey.ts';
import { countNonBackgroundPixels } from './pixels.ts';

test('a trainee reads a case briefing and starts it: the cath lab sets up its anatomy, devices and views', async ({
  page,
}) => {
  const consoleErrors: string[] = [];
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  await openCathLab(page, 'Case Tester');
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Home' }).click();

  const card = page.locator('.case-card', { hasText: 'Left M2 occlusion behind a type III arch' });
  await card.getByRole('link', { name: 'Open briefing' }).click();
  const briefing = page.getByTestId('briefing');
  await expect(briefing.getByRole('heading', { level: 1 })).toHaveText('Left M2 occlusion behind a type III arch');
  await expect(page.getByTestId('history')).toContainText('type III aortic arch');
  await expect(page.getByTestId('objectives').getByRole('listitem')).toHaveCount(3);
  await expect(page.getByTestId('pass-mark')).toContainText('Pass mark 70 of 100');
  await expect(briefing).toContainText('5F Simmons');
  // The case's arteries, framed on the M2 and its clot (a drawn canvas, not an empty one).
  const schematic = page.getByTestId('case-schematic');
  await expect(schematic).toContainText('Clot 1:');
  await expect
    .poll(async () => {
      const { changed, total } = await countNonBackgroundPixels(page, schematic.locator('canvas'), [0x0b, 0x0e, 0x12]);
      return changed / total;
    })
    .toBeGreaterThan(0.02);
  await page.screenshot({ path: `${artifacts}/case-briefing.png`, fullPage: true });

  await page.getByRole('button', { name: 'Start the case in the cath lab' }).click();
  await expect(page.getByTestId('case-summary')).toContainText('Left M2 occlusion behind a type III arch');
  // The case's anatomy (type III arch), fixed: the atlas cannot be changed mid-case.
  await expect(page.getByTestId('anatomy-status')).toHaveText(/^neuro atlas, arch III, ICA tortuosity 0\.6/, {
    timeout: 30_000,
  });
  await expect(page.getByLabel('Atlas')).toBeDisabled();
  // The objectives are tracked as the attempt goes: none met yet.
  await expect(page.getByTestId('objective-tracker').getByRole('listitem')).toHaveText([
    '○ Guide catheter in the left cervical ICA',
    '○ DSA run of the left ICA showing the M2 occlusion',
    '○ Reperfusion of the superior division territory, mTICI 2b or better',
  ]);
  // Its starting stack: guide, Simmons inside it, wire inside that.
  await expect(page.getByTestId('device-0')).toContainText('6F');
  await expect(page.getByTestId('device-1')).toContainText('Simmons');
  await expect(page.getByTestId('device-2')).toContainText('0.035');
  // Its working views are one click away.
  await page.getByRole('button', { name: '★ LAO 30' }).click();
  await expect(page.getByTestId('projection')).toHaveText(/^LAO 30 · FOV 32 cm/);
  // The patient's thickness goes to the dose model: a head, 18 cm.
  await page.getByTestId('fluoro-monitor').click();
  await page.keyboard.down('Space');
  await expect(page.getByTestId('xray-on')).toBeVisible();
  await page.waitForTimeout(800);
  await page.keyboard.up('Space');
  await expect(page.getByTestId('air-kerma')).not.toHaveText('0.0 mGy');
  await page.screenshot({ path: `${artifacts}/case-cathlab.png` });

  // An unknown case id is named, not shown as an empty lab.
  await page.goto('/#/cathlab/no-such-case');
  await expect(page.getByRole('alert')).toHaveText('There is no case with id "no-such-case" in the library.');
  expect(consoleErrors).toEqual([]);
});

test('a trainee takes a DSA run in a drill, finishes it and reads the verified debrief', async ({ page }) => {
  const consoleErrors: string[] = [];
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  await openCathLab(page, 'Case Tester');
  await page.goto('/#/briefing/drill-celiac');
  await page.getByRole('button', { name: 'Start the case in the cath lab' }).click();
  await expect(page.getByTestId('anatomy-status')).toHaveText(/^body atlas/, { timeout: 30_000 });
  await expect(page.getByTestId('device-table')).toBeVisible();

  // A DSA run with contrast through the sheath: logged, dosed, but not an angiogram of the celiac.
  await takeDsaRun(page);

  await page.getByRole('button', { name: 'Finish case' }).click();
  const debrief = page.getByTestId('debrief');
  await expect(debrief.getByRole('heading', { level: 1 })).toHaveText('Navigation drill: celiac trunk', {
    timeout: 30_000,
  });
  await expect(page.getByTestId('result')).toHaveText(/^Fail: \d+\.\d of 100 \(pass mark 60\)$/);
  await expect(page.getByTestId('objective-results').getByRole('listitem')).toHaveCount(2);
  await expect(page.getByTestId('objective-results')).toContainText('✗ Catheter tip in the celiac trunk');
  await expect(page.getByTestId('process-results')).toContainText('Contrast (mL)');
  await expect(page.getByTestId('phase-results')).toContainText('✗ Select the celiac trunk');
  await expect(page.getByTestId('timeline')).toContainText('DSA run 1');
  await expect(page.getByTestId('timeline')).toContainText('in the right common femoral');
  // Plots over time (recharts): wall force against the limit, the beam, the injection.
  await expect(page.getByTestId('force-chart').locator('svg.recharts-surface')).toBeVisible();
  await expect(page.getByTestId('beam-chart')).toContainText('1 runs in all');
  await expect(page.getByTestId('injection-chart')).toContainText('Contrast by injection: 1 injections');
  await expect(page.getByTestId('injection-chart').locator('.recharts-bar-rectangle')).toHaveCount(1);
  await page.getByTestId('force-chart').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${artifacts}/debrief-charts.png` });
  await page.screenshot({ path: `${artifacts}/debrief.png`, fullPage: true });

  // The attempt is stored: it is in the list after a reload.
  await page.goto('/#/debrief');
  await page.reload();
  await expect(page.getByTestId('attempt-list')).toContainText('Navigation drill: celiac trunk');

  // A resident watches it as a replay: the run is re-simulated from its commands, the timeline
  // shows the run and the injection, and seeking to the injection shows the beam and contrast there.
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Replays' }).click();
  await page.getByTestId('replay-list').getByRole('link', { name: 'Watch' }).first().click();
  await expect(page.getByTestId('replay-markers')).toContainText('DSA run 1');
  await expect(page.getByTestId('replay-markers')).toContainText('Injection 4 mL/s × 8 mL');
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await page
    .getByTestId('replay-markers')
    .getByRole('listitem')
    .filter({ hasText: 'Injection' })
    .getByRole('button')
    .click();
  await expect(page.getByTestId('replay-time')).toHaveText(/^0:0[0-9] \/ 0:0[0-9]$/);
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect(page.getByTestId('contrast-total')).not.toHaveText('0.0 mL', { timeout: 15_000 });
  await expect(page.getByTestId('xray-on')).toBeVisible();

  // A comment pinned to this moment is saved and still there after a reload.
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await page.getByRole('textbox', { name: 'Comment' }).fill('Good: contrast after the mask frame.');
  await page.getByRole('button', { name: 'Add comment' }).click();
  // Signed under whoever is at the table (the journeys share one data folder; any profile may be active).
  const signedIn =
    (await page.getByRole('button', { name: 'Change profile' }).locator('.profile-name').textContent()) ?? '';
  await expect(page.getByTestId('comments')).toContainText(`${signedIn}: Good: contrast after the mask frame.`);
  await page.screenshot({ path: `${artifacts}/replay.png` });
  await page.reload();
  await expect(page.getByTestId('comments')).toContainText('Good: contrast after the mask frame.');

  // Exported, the replay file re-simulates on the command line to the same verified score.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export replay file' }).click();
  const file = `${artifacts}/exported.irreplay`;
  await (await download).saveAs(file);
  const verify = spawnSync(process.execPath, ['src/cli/main.ts', 'replay', 'verify', file], { encoding: 'utf8' });
  expect(verify.stderr).toBe('');
  expect(verify.status).toBe(0);
  expect(JSON.parse(verify.stdout)).toMatchObject({ scenarioId: 'drill-celiac', passed: false });
  expect(consoleErrors).toEqual([]);
});
