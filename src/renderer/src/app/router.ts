import { useSyncExternalStore } from 'react';

/**
 * Hash routes (`#/cathlab/<case>`): they work the same from file:// under Electron and from the
 * bridge, and the main process never needs to know about them.
 */
export const screenIds = ['home', 'briefing', 'cathlab', 'debrief', 'replay', 'director', 'settings'] as const;
export type ScreenId = (typeof screenIds)[number];

export interface Route {
  screen: ScreenId;
  /** Optional argument after the screen, e.g. a scenario id. */
  param: string | undefined;
  /** Named options after `?` (an assignment, an attempt under way). */
  query: Readonly<Record<string, string>>;
}

export function parseRoute(hash: string): Route {
  const [path = '', search = ''] = hash.replace(/^#\/?/, '').split('?');
  const [screen, param] = path.split('/');
  const known = screenIds.find((id) => id === screen);
  return {
    screen: known ?? 'home',
    param: known && param ? decodeURIComponent(param) : undefined,
    query: known ? Object.fromEntries(new URLSearchParams(search)) : {},
  };
}

export function routeHref(screen: ScreenId, param?: string, query?: Record<string, string | undefined>): string {
  const entries = Object.entries(query ?? {}).filter((entry): entry is [string, string] => entry[1] !== undefined);
  const search = entries.length === 0 ? '' : `?${new URLSearchParams(entries).toString()}`;
  return `#/${screen}${param ? `/${encodeURIComponent(param)}` : ''}${search}`;
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseRoute(hash);
}
