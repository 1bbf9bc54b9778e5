import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';

/**
 * The desktop shell itself. Electron's binary is downloaded by its install script, which the
 * build machines cannot reach (ELECTRON_SKIP_BINARY_DOWNLOAD=1), so this runs only where the
 * binary exists and otherwise reports plainly that it did not run.
 */
function electronBinary(): string | undefined {
  // Requiring 'electron' would try to download a missing binary, so look for it the way its
  // index.js does: path.txt names the executable inside dist/ (or ELECTRON_OVERRIDE_DIST_PATH).
  const packageDir = join(import.meta.dirname, '../../node_modules/electron');
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const distDir = process.env['ELECTRON_OVERRIDE_DIST_PATH'] ?? join(packageDir, 'dist');
  const binary = join(distDir, readFileSync(pathFile, 'utf8'));
  return existsSync(binary) ? binary : undefined;
}

const binary = electronBinary();
if (!binary) {
  console.log('Electron spec NOT RUN: no Electron binary here (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1).');
}

test('Electron window opens hardened and reaches the services over IPC (needs the Electron binary)', async () => {
  test.skip(!binary, 'NOT RUN: no Electron binary on this machine (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1)');
  const app = await electron.launch({ executablePath: binary, args: ['.'] });
  const window = await app.firstWindow();
  await expect(window.getByRole('heading', { name: 'Who is at the table?' })).toBeVisible();
  const exposed = await window.evaluate(() => ({
    api: Object.keys((window as unknown as { api: object }).api).sort(),
    hasRequire: typeof (window as unknown as { require?: unknown }).require,
    hasProcess: typeof (window as unknown as { process?: unknown }).process,
  }));
  expect(exposed.hasRequire).toBe('undefined');
  expect(exposed.hasProcess).toBe('undefined');
  expect(exposed.api).toContain('profileCreate');
  await app.close();
});
