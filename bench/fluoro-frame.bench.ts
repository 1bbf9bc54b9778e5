import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright';
import type { Benchmark } from './run.ts';

/**
 * The cost of a fluoroscopy frame in the renderer, against a plain 3D frame of the same size.
 * Builds the renderer, starts the loopback bridge on a free port with a fresh data folder, and
 * drives Debian's Chromium (headless, the end-to-end journeys' flags) through it: a trainee
 * profile, the cath lab, the body atlas, one second of fluoroscopy so the monitor has a view.
 * Then, in the page, the probes time a full DSA frame (contrast in every vessel, mask
 * subtraction, noise) and the 3D view's frame at 1024² and at 768² (the live monitor's size):
 * `count` frames a pass after a warm-up pass, median of three passes. On a machine without a
 * GPU Chromium renders through SwiftShader, and the figures say so (`renderer`).
 */
const repositoryRoot = join(import.meta.dirname, '..');
const chromiumPath = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const chromiumArgs = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--enable-unsafe-swiftshader',
];
const framesPerPass = 20;
const passes = 3;

/** What the page's probes look like from here (the bench compiles without the DOM library). */
interface ProbeWindow {
  irTrainerFluoroProbe?: { pulses: number; msPerFrame(sizePx: number, count: number): number };
  irTrainerSceneProbe?: { msPerFrame(sizePx: number, count: number): number };
}

export const benchmark: Benchmark = {
  name: 'fluoro-frame',
  description: 'fluoroscopy DSA frame vs plain 3D frame in Chromium, ms per frame at 1024² and 768²',
  async run() {
    if (!existsSync(chromiumPath)) {
      // One line, not a stack: the machine lacks a browser, the benchmark is not broken.
      console.error(
        `bench fluoro-frame: no Chromium at ${chromiumPath}; install Debian's chromium or set CHROMIUM_PATH`,
      );
      process.exit(1);
    }
    buildRenderer();
    const dataDir = mkdtempSync(join(tmpdir(), 'ir-trainer-bench-'));
    let bridge: ChildProcess | undefined;
    let browser: Browser | undefined;
    try {
      const started = await startBridge(dataDir);
      bridge = started.process;
      browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await openBodyAtlas(page, started.url);
      await takeFluoroscopy(page);

      const figures: Record<string, unknown> = {};
      for (const sizePx of [1024, 768]) {
        const fluoro = await medianMs(page, 'fluoro', sizePx);
        const scene = await medianMs(page, 'scene', sizePx);
        figures[`fluoroMsPerFrame${sizePx}`] = fluoro.median;
        figures[`sceneMsPerFrame${sizePx}`] = scene.median;
        figures[`ratio${sizePx}`] = +(fluoro.median / scene.median).toFixed(2);
        figures[`fluoroPasses${sizePx}`] = fluoro.passes;
        figures[`scenePasses${sizePx}`] = scene.passes;
      }
      return {
        framesPerPass,
        ...figures,
        chromium: browser.version(),
        renderer: await webglRenderer(page),
        ...(pageErrors.length > 0 ? { pageErrors } : {}),
      };
    } finally {
      await browser?.close().catch(() => undefined);
      if (bridge && bridge.exitCode === null) {
        const exited = new Promise((resolve) => bridge!.once('exit', resolve));
        bridge.kill('SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
        if (bridge.exitCode === null) bridge.kill('SIGKILL');
      }
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};

/** `electron-vite build` (a few seconds): the bridge serves `out/renderer`. Quiet unless it fails. */
function buildRenderer(): void {
  const cli = join(repositoryRoot, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  const result = spawnSync(process.execPath, [cli, 'build'], { cwd: repositoryRoot, encoding: 'utf8' });
  if (result.status !== 0) {
    process.stderr.write(result.stdout + result.stderr);
    throw new Error(`fluoro-frame: electron-vite build failed (exit ${result.status ?? result.signal})`);
  }
}

/** The bridge on a port the system picks (`--port 0`); resolves with the address it prints. */
function startBridge(dataDir: string): Promise<{ process: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    [join(repositoryRoot, 'src/bridge/main.ts'), '--port', '0', '--data-dir', dataDir],
    { cwd: repositoryRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => fail(new Error('fluoro-frame: the bridge did not start in 30 s')), 30_000);
    const fail = (error: Error): void => {
      clearTimeout(timer);
      if (child.exitCode === null) child.kill('SIGKILL');
      reject(error);
    };
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /serving (http:\/\/\S+?)\/? /.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ process: child, url: match[1]! });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => fail(new Error(`fluoro-frame: the bridge exited (${code}): ${output.trim()}`)));
  });
}

/** A trainee profile (the data folder is fresh), the cath lab, the body atlas. */
async function openBodyAtlas(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByRole('heading', { name: 'Who is at the table?' }).waitFor();
  await page.getByLabel('Name').fill('Bench Trainee');
  await page.getByLabel('Trainee').check();
  await page.getByRole('button', { name: 'Add profile' }).click();
  await page.getByRole('heading', { name: 'Welcome, Bench Trainee' }).waitFor();
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Cath lab' }).click();
  await page.getByLabel('Atlas').selectOption('body');
  await page
    .getByTestId('anatomy-status')
    .filter({ hasText: /^body atlas/ })
    .waitFor({ timeout: 30_000 });
  await page.getByTestId('device-table').waitFor({ timeout: 30_000 });
  await page.waitForFunction(() => (globalThis as ProbeWindow).irTrainerSceneProbe !== undefined);
}

/** About a second on the fluoroscopy pedal: the monitor's probe needs a view to time frames in. */
async function takeFluoroscopy(page: Page): Promise<void> {
  await page.waitForFunction(() => (globalThis as ProbeWindow).irTrainerFluoroProbe !== undefined);
  await page.getByTestId('fluoro-monitor').first().click();
  await page.keyboard.down('Space');
  try {
    await page.getByTestId('xray-on').waitFor();
    await page.waitForTimeout(1000);
    await page.waitForFunction(() => ((globalThis as ProbeWindow).irTrainerFluoroProbe?.pulses ?? 0) > 0, null, {
      timeout: 30_000,
    });
  } finally {
    await page.keyboard.up('Space');
  }
  await page.getByTestId('last-image-hold').waitFor();
}

async function medianMs(
  page: Page,
  probe: 'fluoro' | 'scene',
  sizePx: number,
): Promise<{ median: number; passes: number[] }> {
  const time = (count: number): Promise<number> =>
    page.evaluate(
      ({ probe, sizePx, count }) => {
        const probes = globalThis as ProbeWindow;
        const target = probe === 'fluoro' ? probes.irTrainerFluoroProbe : probes.irTrainerSceneProbe;
        if (!target) throw new Error(`no ${probe} probe in the page`);
        return target.msPerFrame(sizePx, count);
      },
      { probe, sizePx, count },
    );
  await time(3);
  const passesMs: number[] = [];
  for (let pass = 0; pass < passes; pass++) passesMs.push(+(await time(framesPerPass)).toFixed(2));
  const sorted = [...passesMs].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)]!, passes: passesMs };
}

/** The GL renderer's name as the page sees it (SwiftShader on a machine without a GPU). */
function webglRenderer(page: Page): Promise<string | null> {
  return page.evaluate(`(() => {
    const gl = document.createElement('canvas').getContext('webgl2');
    if (!gl) return null;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    return gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER);
  })()`);
}
