import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';

/**
 * End-to-end journeys in Debian's Chromium against the loopback bridge (the Electron binary
 * cannot be downloaded on the build machines). `npm run test:e2e` builds the renderer first.
 * Each run gets a fresh data folder.
 */
const port = Number(process.env['E2E_PORT'] ?? 5399);
const dataDir = process.env['E2E_DATA_DIR'] ?? mkdtempSync(join(tmpdir(), 'ir-trainer-e2e-'));

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 1440, height: 900 },
    launchOptions: {
      executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--enable-unsafe-swiftshader',
      ],
    },
  },
  // The foundation journey is the first run (a fresh data folder, no profiles yet): it goes
  // first, and every other journey after it, whatever their file names.
  projects: [
    { name: 'first-run', testMatch: /foundation\.spec\.ts$/ },
    { name: 'journeys', testIgnore: /foundation\.spec\.ts$/, dependencies: ['first-run'] },
  ],
  webServer: {
    command: `node src/bridge/main.ts --port ${port} --data-dir ${dataDir}`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: 'pipe',
  },
});
