import { api } from '../../app/api.ts';
import { Loading } from '../../app/Loading.tsx';
import { useLoaded } from '../../app/useCall.ts';
import { CaseCurves } from '../program/CaseCurves.tsx';

/** The trainee's own history: a learning curve per case, every attempt one click from its replay. */
export function MyProgress({ profileId }: { profileId: string }) {
  const [attempts] = useLoaded(() => api.attemptList({ profileId }));
  return (
    <section aria-labelledby="progress-title" data-testid="my-progress">
      <h2 id="progress-title">Your progress</h2>
      <Loading state={attempts}>{({ attempts: list }) => <CaseCurves attempts={list} />}</Loading>
    </section>
  );
}
