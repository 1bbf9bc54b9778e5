import { describe, expect, it } from 'vitest';
import { parseRoute, routeHref } from '../../../src/renderer/src/app/router.ts';

describe('screen routes', () => {
  it('parses a screen and its argument, and falls back to home', () => {
    expect(parseRoute('#/cathlab/left-m1-occlusion')).toEqual({ screen: 'cathlab', param: 'left-m1-occlusion' });
    expect(parseRoute('#/director')).toEqual({ screen: 'director', param: undefined });
    expect(parseRoute('')).toEqual({ screen: 'home', param: undefined });
    expect(parseRoute('#/nowhere/x')).toEqual({ screen: 'home', param: undefined });
  });

  it('round-trips an argument with characters that need escaping', () => {
    expect(parseRoute(routeHref('briefing', 'a b/c'))).toEqual({ screen: 'briefing', param: 'a b/c' });
  });
});
