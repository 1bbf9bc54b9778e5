import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { ApiErrorCode } from '../contract/errors.ts';
import { dispatch, type createHandlers } from '../main/services/api.ts';
import { contentSecurityPolicy } from '../main/services/content-security-policy.ts';

/**
 * Loopback HTTP bridge: serves the built renderer and the contract's calls as
 * `POST /api/<call>`, backed by the same services as Electron's IPC. It binds 127.0.0.1 only,
 * answers only requests whose Host (and Origin, when sent) name that address, and runs a call
 * only with the per-launch token, which it writes into the page it serves and nowhere else.
 */
export interface BridgeOptions {
  port: number;
  /** The built renderer (electron-vite's out/renderer). */
  rendererDir: string;
  handlers: ReturnType<typeof createHandlers>;
  /** Largest request body accepted, in bytes. */
  maxBodyBytes?: number;
}

export interface RunningBridge {
  url: string;
  port: number;
  close(): Promise<void>;
}

export const TOKEN_HEADER = 'x-ir-token';
export const TOKEN_META_NAME = 'ir-bridge-token';

const statusByCode: Record<ApiErrorCode, number> = {
  'invalid-input': 400,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  storage: 503,
  internal: 500,
};

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.ico': 'image/x-icon',
};

export async function startBridge(options: BridgeOptions): Promise<RunningBridge> {
  const token = randomBytes(32).toString('base64url');
  const tokenBytes = Buffer.from(token);
  const maxBodyBytes = options.maxBodyBytes ?? 64 * 1024 * 1024;
  let allowedHosts: Set<string> = new Set();
  let allowedOrigins: Set<string> = new Set();

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent)
        sendJson(response, 500, { ok: false, error: { code: 'internal', message: String(error) } });
      else response.destroy();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Referrer-Policy', 'no-referrer');
    const url = new URL(request.url ?? '/', 'http://bridge.invalid');
    const isCall = url.pathname.startsWith('/api/');
    // Calls always answer in the contract's envelope, so the renderer's client can read any refusal.
    const refuse = (status: number, message: string): void =>
      isCall
        ? sendJson(response, status, { ok: false, error: { code: 'forbidden', message } })
        : sendText(response, status, message);
    if (!allowedHosts.has(request.headers.host ?? '')) {
      return refuse(421, 'Refused: this server answers only for its own loopback address.');
    }
    const origin = request.headers.origin;
    if (origin !== undefined && !allowedOrigins.has(origin)) {
      return refuse(403, `Refused: requests from ${origin} are not allowed.`);
    }
    if (isCall) return handleCall(request, response, url.pathname.slice('/api/'.length));
    if (request.method !== 'GET' && request.method !== 'HEAD') return sendText(response, 405, 'Method not allowed.');
    return serveStatic(response, url.pathname);
  }

  async function handleCall(request: IncomingMessage, response: ServerResponse, callName: string): Promise<void> {
    if (request.method !== 'POST') {
      return sendJson(response, 405, {
        ok: false,
        error: { code: 'invalid-input', message: 'Calls are POST requests.' },
      });
    }
    const presented = Buffer.from(String(request.headers[TOKEN_HEADER] ?? ''));
    if (presented.length !== tokenBytes.length || !timingSafeEqual(presented, tokenBytes)) {
      return sendJson(response, 401, {
        ok: false,
        error: {
          code: 'forbidden',
          message: 'Refused: missing or wrong bridge token. Reload the page the bridge served.',
        },
      });
    }
    if (!(request.headers['content-type'] ?? '').startsWith('application/json')) {
      return sendJson(response, 415, {
        ok: false,
        error: { code: 'invalid-input', message: 'Calls must send Content-Type: application/json.' },
      });
    }
    const body = await readBody(request, maxBodyBytes);
    if (body === undefined) {
      return sendJson(response, 413, {
        ok: false,
        error: { code: 'invalid-input', message: `Request body is larger than ${maxBodyBytes} bytes.` },
      });
    }
    let input: unknown;
    try {
      input = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
    } catch (error) {
      return sendJson(response, 400, {
        ok: false,
        error: {
          code: 'invalid-input',
          message: `${callName}: request body is not JSON (${(error as Error).message}).`,
        },
      });
    }
    const result = await dispatch(options.handlers, callName, input);
    sendJson(response, result.ok ? 200 : statusByCode[result.error.code], result);
  }

  async function serveStatic(response: ServerResponse, pathname: string): Promise<void> {
    const relative = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '');
    const filePath = normalize(join(options.rendererDir, relative));
    if (!filePath.startsWith(normalize(options.rendererDir) + sep)) return sendText(response, 404, 'Not found.');
    const info = await stat(filePath).catch(() => undefined);
    if (!info?.isFile()) return sendText(response, 404, 'Not found.');
    let content = await readFile(filePath);
    const extension = extname(filePath);
    if (relative === 'index.html') {
      const meta = `<meta name="${TOKEN_META_NAME}" content="${token}">`;
      content = Buffer.from(content.toString('utf8').replace('</head>', `${meta}</head>`));
      response.setHeader('Cache-Control', 'no-store');
    }
    response.setHeader('Content-Security-Policy', contentSecurityPolicy);
    response.writeHead(200, { 'Content-Type': contentTypes[extension] ?? 'application/octet-stream' });
    response.end(content);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  allowedOrigins = new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function readBody(request: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  response.end(JSON.stringify(body));
}

function sendText(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  response.end(text);
}
