import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openServices } from '../main/services/api.ts';
import { defaultDataDir, repositoryRoot } from '../main/services/paths.ts';
import { startBridge } from './server.ts';

/** `npm run web -- [--port N] [--data-dir DIR]`: the app in a browser, through the loopback bridge. */

const usage = 'usage: npm run web -- [--port N (default 5321; 0 picks a free one)] [--data-dir DIR]';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '5321' },
      'data-dir': { type: 'string' },
      'renderer-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port: "${values.port}" is not a port number`);
  const dataDir = resolve(values['data-dir'] ?? defaultDataDir());
  const rendererDir = resolve(values['renderer-dir'] ?? join(repositoryRoot, 'out', 'renderer'));
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new Error(`no built renderer in ${rendererDir}; run \`npm run build\` first (npm run web does)`);
  }
  const packageJson = JSON.parse(readFileSync(join(repositoryRoot, 'package.json'), 'utf8')) as { version: string };
  const services = openServices({
    dataDir,
    assetsDir: join(repositoryRoot, 'assets'),
    runtime: 'bridge',
    appVersion: packageJson.version,
  });
  const bridge = await startBridge({ port, rendererDir, handlers: services.handlers }).catch((error: unknown) => {
    services.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new Error(`port ${port} on 127.0.0.1 is already in use; pass --port with another`);
    throw error;
  });
  console.log(`IR Trainer is serving ${bridge.url} (data folder: ${dataDir}). Open it in a browser; Ctrl+C stops it.`);

  const stop = (): void => {
    void bridge.close().then(() => {
      services.close();
      process.exit(0);
    });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`ir-trainer web: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
