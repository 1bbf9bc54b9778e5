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
}

export function parseRoute(hash: string): Route {
  const [screen, param] = hash.replace(/^#\/?/, '').split('/');
  const known = screenIds.find((id) => id === screen);
  return { screen: known ?? 'home', param: known && param ? decodeURIComponent(param) : undefined };
}

export function routeHref(screen: ScreenId, param?: string): string {
  return `#/${screen}${param ? `/${encodeURIComponent(param)}` : ''}`;
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseRoute(hash);
}
