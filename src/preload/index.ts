import { contextBridge, ipcRenderer } from 'electron';
import { callNames, type CallName } from '../contract/call-names.ts';
import type { CallResult } from '../contract/errors.ts';

/**
 * Exposes one method per contract call on `window.api`, each sending exactly one IPC message
 * (`api:<call>`) and returning the main process's result envelope. Nothing else crosses: no
 * ipcRenderer, no Node. Runs sandboxed, so electron-vite bundles it into one CommonJS file.
 */
const api = Object.fromEntries(
  callNames.map((name: CallName) => [
    name,
    (input: unknown): Promise<CallResult<unknown>> => ipcRenderer.invoke(`api:${name}`, input),
  ]),
);

contextBridge.exposeInMainWorld('api', api);
