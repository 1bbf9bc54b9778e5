import type { ReactNode } from 'react';
import type { Loaded } from './useCall.ts';

/** Renders a loaded value, or says plainly that it is loading or why it failed. */
export function Loading<T>({ state, children }: { state: Loaded<T>; children: (value: T) => ReactNode }) {
  if (state.status === 'loading') return <p className="loading">Loading…</p>;
  if (state.status === 'failed') {
    return (
      <p className="form-error" role="alert">
        {state.message}
      </p>
    );
  }
  return <>{children(state.value)}</>;
}
