import { describe, expect, it } from 'vitest';
import { parseRoute, routeHref } from '../../../src/renderer/src/app/router.ts';

describe('screen routes', () => {
  it('parses a screen and its argument, and falls back to home', () => {
    expect(parseRoute('#/cathlab/left-m1-occlusion')).toEqual({
      screen: 'cathlab',
      param: 'left-m1-occlusion',
      query: {},
    });
    expect(parseRoute('#/director')).toEqual({ screen: 'director', param: undefined, query: {} });
    expect(parseRoute('')).toEqual({ screen: 'home', param: undefined, query: {} });
    expect(parseRoute('#/nowhere/x?attempt=1')).toEqual({ screen: 'home', param: undefined, query: {} });
  });

  it('round-trips an argument with characters that need escaping', () => {
    expect(parseRoute(routeHref('briefing', 'a b/c'))).toEqual({ screen: 'briefing', param: 'a b/c', query: {} });
  });

  it('carries named options (an assignment, an attempt under way) and drops unset ones', () => {
    const href = routeHref('cathlab', 'drill-celiac', { attempt: 'a&b', assignment: undefined });
    expect(href).toBe('#/cathlab/drill-celiac?attempt=a%26b');
    expect(parseRoute(href)).toEqual({ screen: 'cathlab', param: 'drill-celiac', query: { attempt: 'a&b' } });
  });
});
