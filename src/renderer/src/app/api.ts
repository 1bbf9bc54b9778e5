import { callNames, type Api, type CallName } from '../../../contract/calls.ts';
import { ApiError, type CallResult } from '../../../contract/errors.ts';

/**
 * The one way screens reach the main process. Under Electron the preload's `window.api` carries
 * each call over IPC; in a browser the loopback bridge serves `POST /api/<call>` and wrote its
 * per-launch token into this page. Screens never know which.
 */

type Transport = (name: CallName, input: unknown) => Promise<CallResult<unknown>>;

declare global {
  interface Window {
    /** Set by the Electron preload: one method per contract call. */
    api?: Record<CallName, (input: unknown) => Promise<CallResult<unknown>>>;
  }
}

function electronTransport(preloadApi: NonNullable<Window['api']>): Transport {
  return (name, input) => preloadApi[name](input);
}

function bridgeTransport(): Transport {
  const token = document.querySelector<HTMLMetaElement>('meta[name="ir-bridge-token"]')?.content;
  return async (name, input) => {
    if (!token) {
      return { ok: false, error: { code: 'forbidden', message: 'This page was not served by the IR Trainer bridge.' } };
    }
    const response = await fetch(`/api/${name}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-IR-Token': token },
      body: JSON.stringify(input ?? {}),
    });
    return (await response.json()) as CallResult<unknown>;
  };
}

function createApi(transport: Transport): Api {
  const entries = callNames.map((name) => [
    name,
    async (input: unknown) => {
      const result = await transport(name, input);
      if (!result.ok) throw new ApiError(result.error.code, result.error.message);
      return result.value;
    },
  ]);
  return Object.fromEntries(entries) as Api;
}

export const api: Api = createApi(window.api ? electronTransport(window.api) : bridgeTransport());

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
