import { mkdirSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openServices } from '../../../src/main/services/api.ts';
import { startBridge, TOKEN_HEADER, type RunningBridge } from '../../../src/bridge/server.ts';
import { useTempDirs } from '../../helpers/temp-dir.ts';

const tempDir = useTempDirs();
const running: { bridge: RunningBridge; close: () => void }[] = [];
afterEach(async () => {
  for (const { bridge, close } of running.splice(0)) {
    await bridge.close();
    close();
  }
});

async function start(dataDir = tempDir()) {
  const rendererDir = tempDir();
  writeFileSync(
    join(rendererDir, 'index.html'),
    '<!doctype html><html><head><title>t</title></head><body></body></html>',
  );
  mkdirSync(join(rendererDir, 'assets'));
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  const services = openServices({ dataDir, assetsDir: tempDir(), runtime: 'bridge', appVersion: '0.0.0' });
  const bridge = await startBridge({ port: 0, rendererDir, handlers: services.handlers });
  running.push({ bridge, close: services.close });
  const page = await (await fetch(bridge.url)).text();
  const token = /name="ir-bridge-token" content="([^"]+)"/.exec(page)?.[1];
  if (!token) throw new Error('no token in the served page');
  return { bridge, token, page };
}

async function call(bridge: RunningBridge, name: string, body: unknown, headers: Record<string, string>) {
  const response = await fetch(`${bridge.url}api/${name}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    body: (await response.json()) as { ok: boolean; value?: unknown; error?: { code: string; message: string } },
  };
}

/** fetch() will not send a forged Host header, so this speaks HTTP directly. */
function rawGet(port: number, path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('loopback bridge', () => {
  it('listens on 127.0.0.1 only', async () => {
    const { bridge } = await start();
    expect(bridge.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('writes its token into the page it serves, with a strict CSP', async () => {
    const { bridge, page } = await start();
    expect(page).toMatch(/<meta name="ir-bridge-token" content="[\w-]{40,}"><\/head>/);
    const response = await fetch(bridge.url);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('uses a new token on each launch', async () => {
    const first = await start();
    const second = await start();
    expect(first.token).not.toBe(second.token);
  });

  it('refuses a call without the token, or with a wrong one', async () => {
    const { bridge, token } = await start();
    const missing = await call(bridge, 'profileList', {}, {});
    expect(missing.status).toBe(401);
    expect(missing.body.error?.message).toMatch(/bridge token/);
    const wrong = await call(bridge, 'profileList', {}, { [TOKEN_HEADER]: token.slice(0, -2) + 'xx' });
    expect(wrong.status).toBe(401);
  });

  it('runs contract calls with the token and maps errors to HTTP statuses', async () => {
    const { bridge, token } = await start();
    const auth = { [TOKEN_HEADER]: token };
    const created = await call(bridge, 'profileCreate', { displayName: 'Ines', role: 'trainee' }, auth);
    expect(created).toMatchObject({ status: 200, body: { ok: true, value: { displayName: 'Ines' } } });
    expect((await call(bridge, 'profileCreate', { displayName: 'ines', role: 'trainee' }, auth)).status).toBe(409);
    expect((await call(bridge, 'profileCreate', { displayName: '', role: 'trainee' }, auth)).status).toBe(400);
    expect((await call(bridge, 'noSuchCall', {}, auth)).status).toBe(404);
  });

  it('refuses requests that name another host or come from another origin (DNS rebinding, CSRF)', async () => {
    const { bridge, token } = await start();
    expect(await rawGet(bridge.port, '/', { Host: 'evil.example:80' })).toBe(421);
    expect(await rawGet(bridge.port, '/', { Host: `127.0.0.1:${bridge.port}` })).toBe(200);
    const crossOrigin = await call(bridge, 'profileList', {}, { [TOKEN_HEADER]: token, Origin: 'http://evil.example' });
    expect(crossOrigin.status).toBe(403);
  });

  it('serves built files but nothing outside the renderer folder', async () => {
    const { bridge } = await start();
    expect((await fetch(`${bridge.url}assets/app.js`)).headers.get('content-type')).toMatch(/javascript/);
    expect(await rawGet(bridge.port, '/../../etc/passwd', { Host: `127.0.0.1:${bridge.port}` })).toBe(404);
    expect(await rawGet(bridge.port, '/%2e%2e/%2e%2e/etc/passwd', { Host: `127.0.0.1:${bridge.port}` })).toBe(404);
  });

  it('keeps a profile created through it after the server restarts', async () => {
    const dataDir = tempDir();
    const first = await start(dataDir);
    await call(
      first.bridge,
      'profileCreate',
      { displayName: 'Persistent', role: 'director', passphrase: 'persistent passphrase' },
      { [TOKEN_HEADER]: first.token },
    );
    const entry = running.pop()!;
    await entry.bridge.close();
    entry.close();
    const second = await start(dataDir);
    const listed = await call(second.bridge, 'profileList', {}, { [TOKEN_HEADER]: second.token });
    expect(listed.body.value).toMatchObject({ profiles: [{ displayName: 'Persistent', role: 'director' }] });
  });
});
