import { api } from '../../app/api.ts';
import { Loading } from '../../app/Loading.tsx';
import { routeHref } from '../../app/router.ts';
import { useSession } from '../../app/session.tsx';
import { useLoaded } from '../../app/useCall.ts';

const procedureLabels = { navigation: 'Navigation drill', thrombectomy: 'Thrombectomy', embolization: 'Embolization' };

export function HomeScreen() {
  const session = useSession();
  const [library] = useLoaded(() => api.scenarioList({}));

  return (
    <div className="screen-body">
      <h1>Welcome, {session.activeProfile?.displayName}</h1>
      <section aria-labelledby="library-title">
        <h2 id="library-title">Case library</h2>
        <Loading state={library}>
          {({ scenarios, problems }) => (
            <>
              {scenarios.length === 0 ? (
                <p className="empty">No cases are installed on this workstation.</p>
              ) : (
                <ul className="case-list">
                  {scenarios.map((scenario) => (
                    <li key={scenario.id} className="case-card">
                      <div className="case-kind">{procedureLabels[scenario.procedure]}</div>
                      <h3>{scenario.title}</h3>
                      <p>{scenario.summary}</p>
                      <div className="case-meta">
                        {scenario.anatomy} anatomy · {scenario.difficulty}
                      </div>
                      <a className="button" href={routeHref('briefing', scenario.id)}>
                        Open briefing
                      </a>
                    </li>
                  ))}
                </ul>
              )}
              {problems.length > 0 && (
                <div className="problems" role="alert">
                  <h3>Case files that could not be read</h3>
                  <ul>
                    {problems.map((problem) => (
                      <li key={problem.file}>{problem.message}</li>
                    ))}
                  </ul>
                </div>
              )}
            </>
          )}
        </Loading>
      </section>
    </div>
  );
}
