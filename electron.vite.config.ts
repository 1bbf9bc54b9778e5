import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { contentSecurityPolicy } from './src/main/services/content-security-policy.ts';

/**
 * Three builds: the Electron main process (ESM; with the verifier's worker thread as a second
 * entry), the sandboxed preload (one self-contained
 * CommonJS file: a sandboxed preload can load nothing else), and the React renderer.
 */

/**
 * Writes the one Content-Security-Policy into the page (a file:// page gets no HTTP headers).
 * The dev server's React refresh needs an inline script and a websocket; the built app neither.
 */
function contentSecurityPolicyMeta(): Plugin {
  // frame-ancestors is valid only as a header; in a meta tag browsers ignore it with a warning.
  let policy = contentSecurityPolicy.replace(/; frame-ancestors [^;]*/, '');
  return {
    name: 'ir-trainer:content-security-policy',
    configResolved(config) {
      if (config.command === 'serve') {
        policy = policy
          .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
          .replace("connect-src 'self'", "connect-src 'self' ws: http://localhost:*");
      }
    },
    transformIndexHtml(html) {
      return html.replace('<head>', `<head>\n    <meta http-equiv="Content-Security-Policy" content="${policy}" />`);
    },
  };
}

export default defineConfig({
  main: {
    build: {
      rolldownOptions: {
        input: {
          index: resolve(import.meta.dirname, 'src/main/electron/index.ts'),
          // The verifier's worker thread: its own entry, so out/main/verify-worker.js exists to start.
          'verify-worker': resolve(import.meta.dirname, 'src/main/services/verify-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(import.meta.dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'src/renderer'),
    plugins: [react(), contentSecurityPolicyMeta()],
    build: {
      rolldownOptions: { input: { index: resolve(import.meta.dirname, 'src/renderer/index.html') } },
    },
  },
});
