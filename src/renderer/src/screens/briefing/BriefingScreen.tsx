import { findDevice } from '../../../../sim/devices/catalogue.ts';
import type { Scenario } from '../../../../sim/scenario/scenario.ts';
import { api } from '../../app/api.ts';
import { Loading } from '../../app/Loading.tsx';
import { routeHref } from '../../app/router.ts';
import { useLoaded } from '../../app/useCall.ts';

export function BriefingScreen({ scenarioId }: { scenarioId: string | undefined }) {
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
  return <CaseBriefing key={scenarioId} scenarioId={scenarioId} />;
}

const procedureLabels = { navigation: 'Navigation drill', thrombectomy: 'Thrombectomy', embolization: 'Embolization' };

function CaseBriefing({ scenarioId }: { scenarioId: string }) {
  const [scenario] = useLoaded(() => api.scenarioGet({ id: scenarioId }));
  return (
    <div className="screen-body">
      <Loading state={scenario}>{(loaded) => <Briefing scenario={loaded} />}</Loading>
    </div>
  );
}

/** Everything a trainee reads before scrubbing in: the story, the patient, the kit, the goals and how it is scored. */
function Briefing({ scenario }: { scenario: Scenario }) {
  const { weights, limits } = scenario.scoring;
  return (
    <article className="briefing" data-testid="briefing">
      <p className="case-kind">{procedureLabels[scenario.procedure]}</p>
      <h1>{scenario.title}</h1>
      <p>{scenario.summary}</p>
      <section aria-labelledby="history-title">
        <h2 id="history-title">History</h2>
        <p data-testid="history">{scenario.history}</p>
        <dl className="facts">
          <dt>Patient</dt>
          <dd>
            {scenario.patient.weightKg} kg, {scenario.patient.thicknessCm} cm front to back at the treated region
          </dd>
          <dt>Anatomy</dt>
          <dd>
            {scenario.anatomy} atlas, type {scenario.atlas.archType} arch
            {scenario.atlas.seed === undefined ? '' : `, variation ${scenario.atlas.seed}`}
          </dd>
          <dt>Access</dt>
          <dd>
            {findDevice(scenario.access.sheath).name} in the {scenario.access.vessel.replaceAll('-', ' ')}
          </dd>
          <dt>Difficulty</dt>
          <dd>{scenario.difficulty}</dd>
          <dt>Case version</dt>
          <dd>{scenario.version}</dd>
        </dl>
      </section>
      <section aria-labelledby="objectives-title">
        <h2 id="objectives-title">Objectives</h2>
        <ol data-testid="objectives">
          {scenario.objectives.map((objective) => (
            <li key={objective.id}>{objective.text}</li>
          ))}
        </ol>
      </section>
      <section aria-labelledby="devices-title">
        <h2 id="devices-title">On the table</h2>
        <ul className="device-list">
          {scenario.devices.onTable.map((id) => (
            <li key={id}>{findDevice(id).name}</li>
          ))}
        </ul>
        <p className="hint">
          Loaded at the start: {scenario.devices.initialStack.map((load) => findDevice(load.deviceId).name).join(' › ')}
          .
        </p>
        <p className="hint">
          Learning aids: 3D see-through view {scenario.aids.seeThrough ? 'allowed' : 'not allowed'}, roadmap{' '}
          {scenario.aids.roadmap ? 'allowed' : 'not allowed'}.
        </p>
      </section>
      <section aria-labelledby="phases-title">
        <h2 id="phases-title">Phases and steps</h2>
        <ol className="phases">
          {scenario.phases.map((phase) => (
            <li key={phase.id}>
              <strong>{phase.title}</strong>
              <ul>
                {phase.steps.map((step) => (
                  <li key={step.id}>{step.text}</li>
                ))}
              </ul>
            </li>
          ))}
        </ol>
      </section>
      <section aria-labelledby="scoring-title">
        <h2 id="scoring-title">How it is scored</h2>
        <p data-testid="pass-mark">
          Pass mark {scenario.scoring.passMark} of 100: procedure {weights.procedure}, errors {weights.errors}, process{' '}
          {weights.process}, outcome {weights.outcome}.
        </p>
        <p className="hint">
          Aim for under {limits.fluoroscopyMinutes} min of fluoroscopy, {limits.contrastMl} mL of contrast and{' '}
          {limits.referenceAirKermaMGy} mGy reference air kerma; wall force above {limits.wallForceN} N counts as an
          event.
        </p>
        {scenario.errors.length > 0 && (
          <ul className="errors">
            {scenario.errors.map((error) => (
              <li key={error.id}>
                {error.text} ({error.severity})
              </li>
            ))}
          </ul>
        )}
      </section>
      <a className="button primary" href={routeHref('cathlab', scenario.id)}>
        Start the case in the cath lab
      </a>
    </article>
  );
}
