import { app, BrowserWindow, dialog, ipcMain, session, type IpcMainInvokeEvent } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { callNames } from '../../contract/calls.ts';
import { dispatch, openServices } from '../services/api.ts';

/**
 * The thin Electron glue: one hardened window, and an IPC handler per contract call that checks
 * the sender and hands the payload to the same services the bridge and the CLI use.
 */

const rendererDevUrl = process.env['ELECTRON_RENDERER_URL'];
const rendererIndexFile = join(import.meta.dirname, '..', 'renderer', 'index.html');
const preloadFile = join(import.meta.dirname, '..', 'preload', 'index.cjs');

let mainWindow: BrowserWindow | undefined;

function rendererUrl(): string {
  return rendererDevUrl ?? pathToFileURL(rendererIndexFile).href;
}

/** Only our own page, in the window's top frame, may call the services. */
function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  if (!frame || !mainWindow || frame !== mainWindow.webContents.mainFrame) return false;
  const url = new URL(frame.url);
  const expected = new URL(rendererUrl());
  if (rendererDevUrl) return url.origin === expected.origin;
  return url.protocol === 'file:' && url.pathname === expected.pathname;
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 1024,
    minHeight: 700,
    show: false,
    title: 'IR Trainer',
    backgroundColor: '#0e1116',
    webPreferences: {
      preload: preloadFile,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  window.once('ready-to-show', () => window.show());
  // The app is one page: any navigation away from it, and any new window, is refused.
  window.webContents.on('will-navigate', (event, url) => {
    if (new URL(url).href.split('#')[0] !== rendererUrl().split('#')[0]) event.preventDefault();
  });
  window.webContents.on('will-attach-webview', (event) => event.preventDefault());
  window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  void window.loadURL(rendererUrl());
  return window;
}

async function start(): Promise<void> {
  await app.whenReady();
  let services: ReturnType<typeof openServices>;
  try {
    services = openServices({
      dataDir: app.getPath('userData'),
      assetsDir: join(app.getAppPath(), 'assets'),
      runtime: 'electron',
      appVersion: app.getVersion(),
      // Built beside this file from src/main/services/verify-worker.ts (electron.vite.config.ts).
      verifyWorkerUrl: pathToFileURL(join(import.meta.dirname, 'verify-worker.js')),
    });
  } catch (error) {
    // Never reset a database we cannot read: say why and stop, leaving the file as it is.
    dialog.showErrorBox('IR Trainer cannot open its data', error instanceof Error ? error.message : String(error));
    app.exit(1);
    return;
  }

  session.defaultSession.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));

  for (const name of callNames) {
    ipcMain.handle(`api:${name}`, (event, input: unknown) => {
      if (!isTrustedSender(event)) {
        return { ok: false, error: { code: 'forbidden', message: `${name}: refused a call from an untrusted frame.` } };
      }
      return dispatch(services.handlers, name, input);
    });
  }

  mainWindow = createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => services.close());
}

void start();
