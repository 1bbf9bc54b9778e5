import { api } from '../../app/api.ts';
import { Loading } from '../../app/Loading.tsx';
import { routeHref } from '../../app/router.ts';
import { useLoaded } from '../../app/useCall.ts';

export function BriefingScreen({ scenarioId }: { scenarioId: string | undefined }) {
  const [library] = useLoaded(() => api.scenarioList({}));
  if (!scenarioId) {
    return (
      <div className="screen-body">
        <h1>Briefing</h1>
        <p className="empty">
          No case chosen. Pick one from the <a href={routeHref('home')}>case library</a>.
        </p>
      </div>
    );
  }
  return (
    <div className="screen-body">
      <Loading state={library}>
        {({ scenarios }) => {
          const scenario = scenarios.find((candidate) => candidate.id === scenarioId);
          if (!scenario) {
            return <p className="form-error">There is no case with id "{scenarioId}" in the library.</p>;
          }
          return (
            <article className="briefing">
              <h1>{scenario.title}</h1>
              <dl className="facts">
                <dt>Procedure</dt>
                <dd>{scenario.procedure}</dd>
                <dt>Anatomy</dt>
                <dd>{scenario.anatomy}</dd>
                <dt>Difficulty</dt>
                <dd>{scenario.difficulty}</dd>
                <dt>Case version</dt>
                <dd>{scenario.version}</dd>
              </dl>
              <p>{scenario.summary}</p>
              <a className="button primary" href={routeHref('cathlab', scenario.id)}>
                Go to the cath lab
              </a>
            </article>
          );
        }}
      </Loading>
    </div>
  );
}
