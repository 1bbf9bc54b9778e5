import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { expect, test, type Page } from '@playwright/test';
import { artifacts, takeDsaRun } from './journey.ts';

/**
 * The training program end to end: a director assigns a drill to a trainee (its own pass mark,
 * two attempts, no roadmap), the trainee finds it on their home and completes it in the cath lab,
 * and the director sees the result in the console and opens the attempt's replay. Then an attempt
 * interrupted by a reload is offered for resumption and carries on where it was saved.
 */

test.describe.configure({ mode: 'serial' });

const trainee = 'Tomas Resident';
const director = 'Dr Ravi Director';
const passphrase = 'ravi passphrase';
const drill = 'Navigation drill: celiac trunk';

async function openPicker(page: Page): Promise<void> {
  await page.goto('/');
  const picker = page.getByRole('heading', { name: 'Who is at the table?' });
  if (!(await picker.isVisible())) await page.getByRole('button', { name: 'Change profile' }).click();
  await expect(picker).toBeVisible();
}

/** Signs the director in; on a fresh data folder (this spec alone) first adds them. */
async function signInAsDirector(page: Page, wrongFirst = false): Promise<void> {
  await openPicker(page);
  const choice = page.getByRole('button', { name: new RegExp(`^${director}`) });
  if ((await choice.count()) === 0) {
    await page.getByLabel('Name').fill(director);
    await page.getByLabel('Program director').check();
    await page.getByLabel('Director passphrase').fill(passphrase);
    await page.getByLabel('Repeat passphrase').fill(passphrase);
    await page.getByRole('button', { name: 'Add profile' }).click();
  } else {
    await choice.click();
    const form = page.getByRole('form', { name: 'Director sign-in' });
    if (wrongFirst) {
      await form.getByLabel('Passphrase').fill('not the passphrase');
      await form.getByRole('button', { name: 'Sign in' }).click();
      await expect(form.getByRole('alert')).toContainText(`wrong passphrase for ${director}`);
    }
    await form.getByLabel('Passphrase').fill(passphrase);
    await form.getByRole('button', { name: 'Sign in' }).click();
  }
  await expect(page.getByRole('button', { name: 'Change profile' })).toContainText(director);
}

async function signInAsTrainee(page: Page): Promise<void> {
  await openPicker(page);
  await page.getByRole('button', { name: new RegExp(`^${trainee}`) }).click();
  await expect(page.getByRole('heading', { name: `Welcome, ${trainee}` })).toBeVisible();
}

/** A DSA run with contrast, then the case is finished: the debrief opens. */
async function takeRunAndFinish(page: Page): Promise<void> {
  await expect(page.getByTestId('anatomy-status')).toHaveText(/^body atlas/, { timeout: 30_000 });
  await takeDsaRun(page);
  await page.getByRole('button', { name: 'Finish case' }).click();
  await expect(page.getByTestId('debrief').getByRole('heading', { level: 1 })).toHaveText(drill, { timeout: 30_000 });
}

test('a director assigns a drill, the trainee completes it, and the director sees the result and opens the replay', async ({
  page,
}) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));

  // The trainee joins the workstation (PGY-2).
  await openPicker(page);
  await page.getByLabel('Name').fill(trainee);
  await page.getByLabel('Trainee').check();
  await page.getByLabel('Training year').selectOption('2');
  await page.getByRole('button', { name: 'Add profile' }).click();
  await expect(page.getByRole('heading', { name: `Welcome, ${trainee}` })).toBeVisible();
  // A trainee sees no director console, and cannot add a director once one exists.
  await expect(page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Director' })).toHaveCount(
    0,
  );

  // The director signs in (a wrong passphrase is refused) and assigns the celiac drill.
  await signInAsDirector(page, true);
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Director' }).click();
  const form = page.getByRole('form', { name: 'New assignment' });
  await form.getByLabel('Case or curriculum').selectOption({ label: drill });
  await form.getByRole('checkbox', { name: trainee }).check();
  await form.getByLabel('Due date').fill('2027-01-15');
  await form.getByLabel("Pass mark (blank: the case's own)").fill('0');
  await form.getByLabel('Attempts allowed (blank: unlimited)').fill('2');
  await form.getByRole('checkbox', { name: 'Roadmap' }).uncheck();
  await form.screenshot({ path: `${artifacts}/director-assignment-form.png` });
  await form.getByRole('button', { name: 'Assign' }).click();
  await expect(form.getByRole('status')).toHaveText(`Assigned "${drill}" to 1 trainee(s).`);
  const cell = page.getByTestId(`status-${trainee}-${drill}`);
  await expect(cell).toContainText('Not started');
  await expect(page.getByTestId('progress-matrix')).toContainText('pass mark 0 · 2 attempts · 3D view');

  // The trainee finds it on their home, reads the terms in the briefing and does it.
  await signInAsTrainee(page);
  const mine = page.getByTestId('my-assignments');
  await expect(mine.getByRole('row', { name: new RegExp(drill) })).toContainText('Not started');
  await expect(mine).toContainText('Due 15 Jan 2027');
  await expect(mine).toContainText('pass mark 0; 3D view');
  await page.screenshot({ path: `${artifacts}/trainee-home-assigned.png`, fullPage: true });
  await mine.getByRole('link', { name: 'Start' }).click();
  await expect(page.getByTestId('assignment-terms')).toHaveText(
    new RegExp(`^Assigned \\(${drill}\\): pass mark 0, due .+, 2 attempts left\\.$`),
  );
  await expect(page.getByTestId('pass-mark')).toContainText('Pass mark 0 of 100');
  await page.getByRole('button', { name: 'Start the case in the cath lab' }).click();
  await takeRunAndFinish(page);
  // Judged against the assignment's pass mark, verified by the main process.
  await expect(page.getByTestId('result')).toHaveText(/^Pass: \d+\.\d of 100 \(pass mark 0\)$/);

  await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Home' }).click();
  await expect(mine.getByTestId('assignment-status')).toHaveText('Passed');
  await expect(mine).toContainText('1 used, 1 left');
  // Their own learning curve for the drill.
  await expect(page.getByTestId('my-progress').getByTestId('learning-curve')).toBeVisible();
  await expect(page.getByTestId('my-progress').getByTestId('case-attempts').getByRole('row')).toHaveCount(2);

  // The director sees it passed, opens the trainee and watches the attempt.
  await signInAsDirector(page);
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Director' }).click();
  await expect(cell).toContainText('Passed');
  await expect(cell).toContainText('1 attempts');
  await page.getByTestId('progress-matrix').getByRole('button', { name: trainee }).click();
  const detail = page.getByTestId('trainee-detail');
  await expect(detail).toContainText('1 attempts, 1 passed.');
  await expect(detail.getByTestId('learning-curve')).toBeVisible();
  // The cohort view has the trainee's numbers.
  await page.getByRole('region', { name: 'Cohort' }).getByLabel('Case').selectOption({ label: drill });
  await expect(page.getByTestId('cohort-table')).toContainText(trainee);
  await page.screenshot({ path: `${artifacts}/director-console.png`, fullPage: true });
  await page.getByRole('region', { name: 'Cohort' }).screenshot({ path: `${artifacts}/director-cohort.png` });
  await detail.getByRole('link', { name: 'Watch replay' }).click();
  await expect(page.getByTestId('replay-markers')).toContainText('DSA run 1');

  // The replay file moves between workstations: this one already has the attempt, and a copy
  // whose claimed score was edited is refused as altered.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export replay file' }).click();
  const exported = `${artifacts}/program-attempt.irreplay`;
  await (await download).saveAs(exported);
  const file = JSON.parse(gunzipSync(readFileSync(exported)).toString('utf8')) as {
    attempt: { profile: { displayName: string } };
    claimed: { total: number };
  };
  expect(file.attempt.profile.displayName).toBe(trainee);
  const tampered = `${artifacts}/program-attempt-tampered.irreplay`;
  writeFileSync(tampered, gzipSync(JSON.stringify({ ...file, claimed: { ...file.claimed, total: 87 } })));
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Replays' }).click();
  await page.getByLabel('Import a replay file').setInputFiles(tampered);
  await expect(page.getByTestId('replay-import-result')).toContainText('altered');
  await page.getByLabel('Import a replay file').setInputFiles(exported);
  await expect(page.getByTestId('replay-import-result')).toHaveText(
    'program-attempt.irreplay is already on this workstation.',
  );
  expect(pageErrors).toEqual([]);
});

test('an attempt interrupted by a reload is offered on the home screen and carries on where it was saved', async ({
  page,
}) => {
  await signInAsTrainee(page);
  await page.goto('/#/briefing/drill-celiac');
  await page.getByRole('button', { name: 'Start the case in the cath lab' }).click();
  await expect(page.getByTestId('anatomy-status')).toHaveText(/^body atlas/, { timeout: 30_000 });
  await page.getByTestId('fluoro-monitor').click();
  await page.keyboard.down('Space');
  await expect(page.getByTestId('xray-on')).toBeVisible();
  await page.waitForTimeout(1500);
  await page.keyboard.up('Space');
  // Give the workstation a checkpoint (every 5 s), then lose the window.
  await page.waitForTimeout(6500);
  const kerma = await page.getByTestId('air-kerma').textContent();
  expect(kerma).not.toBe('0.0 mGy');
  await page.goto('/');
  await page.reload();

  const unfinished = page.getByTestId('unfinished');
  await expect(unfinished).toContainText('drill celiac');
  await unfinished.getByRole('link', { name: 'Resume' }).click();
  await expect(page.getByTestId('anatomy-status')).toHaveText(/^body atlas/, { timeout: 30_000 });
  // The saved fluoroscopy is there again: the attempt was re-simulated to its checkpoint.
  await expect(page.getByTestId('air-kerma')).toHaveText(kerma!);
  await page.getByRole('button', { name: 'Finish case' }).click();
  await expect(page.getByTestId('debrief').getByRole('heading', { level: 1 })).toHaveText(drill, { timeout: 30_000 });
  await page.goto('/');
  await expect(page.getByTestId('unfinished')).toHaveCount(0);
});

test('a director builds a curriculum that unlocks step by step, the trainee sees the next case locked, and the records are backed up and restored', async ({
  page,
}) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('dialog', (dialog) => void dialog.accept());
  await openPicker(page);
  if ((await page.getByRole('button', { name: new RegExp(`^${trainee}`) }).count()) === 0) {
    await page.getByLabel('Name').fill(trainee);
    await page.getByLabel('Trainee').check();
    await page.getByRole('button', { name: 'Add profile' }).click();
  }
  await signInAsDirector(page);
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Director' }).click();

  // A curriculum of two arch drills, each to be passed twice in a row before the next opens.
  const carotid = 'Navigation drill: left common carotid artery';
  const subclavian = 'Navigation drill: left subclavian artery';
  const editor = page.getByRole('form', { name: 'New curriculum' });
  await editor.getByLabel('Title').fill('Arch basics');
  await editor.getByLabel('Passes in a row to unlock the next step').fill('2');
  for (const title of [carotid, subclavian]) {
    await editor.getByLabel('Add a case').selectOption({ label: title });
    await editor.getByRole('button', { name: 'Add step' }).click();
  }
  await editor.getByRole('button', { name: 'Create curriculum' }).click();
  await expect(page.getByTestId('curricula')).toContainText(
    `Arch basics — each step passed 2× in a row to unlock the next: ${carotid} → ${subclavian}`,
  );
  await page.getByRole('region', { name: 'Curricula' }).screenshot({ path: `${artifacts}/director-curricula.png` });
  const form = page.getByRole('form', { name: 'New assignment' });
  await form.getByLabel('Case or curriculum').selectOption({ label: 'Arch basics' });
  await form.getByRole('checkbox', { name: trainee }).check();
  await form.getByRole('button', { name: 'Assign' }).click();
  await expect(form.getByRole('status')).toHaveText('Assigned "Arch basics" to 1 trainee(s).');

  // The trainee: the first drill is open, the second locked with the reason, also in the library.
  await signInAsTrainee(page);
  const row = page.getByTestId('my-assignments').getByRole('row', { name: /Arch basics/ });
  await expect(row).toContainText(`▶ ${carotid} (0 of 2 passes in a row)`);
  await expect(row).toContainText(`· ${subclavian} (locked)`);
  const card = page.locator('.case-card', { hasText: subclavian });
  await expect(card).toContainText(`Locked. Arch basics: unlocks after ${carotid} is passed 2 times in a row.`);
  await expect(card.getByRole('link', { name: 'Open briefing' })).toHaveCount(0);
  await page.screenshot({ path: `${artifacts}/trainee-home-curriculum.png`, fullPage: true });

  // The director backs the records up and restores them from that file.
  await signInAsDirector(page);
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Settings' }).click();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Back up the records' }).click();
  const backup = `${artifacts}/records-backup.sqlite`;
  await (await download).saveAs(backup);
  await expect(page.getByRole('status')).toHaveText(/^Saved ir-trainer-backup-.+\.sqlite \(\d+ KiB\)\.$/);
  await page.getByLabel('Restore from a backup').setInputFiles(backup);
  await expect(page.getByRole('status')).toHaveText(
    /^Restored records-backup\.sqlite: \d+ profiles, \d+ attempts\. The previous records were kept as ir-trainer\.sqlite\.before-restore-.+\.$/,
  );
  await page.screenshot({ path: `${artifacts}/settings-backup.png`, fullPage: true });
  // Still signed in, and the roster came back with the restore.
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Director' }).click();
  await expect(page.getByTestId('roster')).toContainText(trainee);
  expect(pageErrors).toEqual([]);
});
