import { useState } from 'react';
import type { Assignment, AssignmentProgress } from '../../../../contract/program.ts';
import { findDevice } from '../../../../sim/devices/catalogue.ts';
import { asAssigned } from '../../../../sim/scenario/assigned.ts';
import type { Scenario } from '../../../../sim/scenario/scenario.ts';
import { api, errorMessage } from '../../app/api.ts';
import { Loading } from '../../app/Loading.tsx';
import { routeHref } from '../../app/router.ts';
import { useSession } from '../../app/session.tsx';
import { useLoaded } from '../../app/useCall.ts';
import { CaseSchematic } from './CaseSchematic.tsx';

export function BriefingScreen({
  scenarioId,
  assignmentId,
}: {
  scenarioId: string | undefined;
  assignmentId?: string | undefined;
}) {
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
    <CaseBriefing key={`${scenarioId}/${assignmentId ?? ''}`} scenarioId={scenarioId} assignmentId={assignmentId} />
  );
}

const procedureLabels = { navigation: 'Navigation drill', thrombectomy: 'Thrombectomy', embolization: 'Embolization' };

interface Assigned {
  assignment: Assignment;
  progress: AssignmentProgress;
}

function CaseBriefing({ scenarioId, assignmentId }: { scenarioId: string; assignmentId: string | undefined }) {
  const { activeProfile } = useSession();
  const [loaded] = useLoaded(async () => {
    const scenario = await api.scenarioGet({ id: scenarioId });
    if (!assignmentId || !activeProfile) return { scenario, assigned: null };
    const home = await api.traineeHome({ profileId: activeProfile.id });
    const assigned = home.assignments.find((entry) => entry.assignment.id === assignmentId);
    if (!assigned) throw new Error(`This assignment is not one of ${activeProfile.displayName}'s.`);
    return { scenario, assigned };
  });
  return (
    <div className="screen-body">
      <Loading state={loaded}>
        {({ scenario, assigned }) => <Briefing scenario={scenario} assigned={assigned} />}
      </Loading>
    </div>
  );
}

/** Everything a trainee reads before scrubbing in: the story, the patient, the kit, the goals and how it is scored. */
function Briefing({ scenario: library, assigned }: { scenario: Scenario; assigned: Assigned | null }) {
  const scenario = assigned ? asAssigned(library, assigned.assignment) : library;
  const { weights, limits } = scenario.scoring;
  const step = assigned?.progress.steps.find((candidate) => candidate.scenarioId === scenario.id);
  return (
    <article className="briefing" data-testid="briefing">
      <p className="case-kind">{procedureLabels[scenario.procedure]}</p>
      <h1>{scenario.title}</h1>
      <p>{scenario.summary}</p>
      {assigned && (
        <p className="assignment-terms" data-testid="assignment-terms">
          Assigned ({assigned.assignment.title}): pass mark {scenario.scoring.passMark}
          {assigned.assignment.dueAt && `, due ${new Date(assigned.assignment.dueAt).toLocaleDateString()}`}
          {step?.attemptsLeft !== null && step?.attemptsLeft !== undefined && `, ${step.attemptsLeft} attempts left`}.
        </p>
      )}
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
      <CaseSchematic scenario={scenario} />
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
      <StartAttempt scenario={scenario} assignmentId={assigned?.assignment.id ?? null} />
    </article>
  );
}

/**
 * Opens the attempt in the main process (which refuses it when the case is locked or no attempts
 * are left) and takes the trainee to the cath lab with it; from then on it is saved as it goes.
 */
export function StartAttempt({ scenario, assignmentId }: { scenario: Scenario; assignmentId: string | null }) {
  const { activeProfile } = useSession();
  const [state, setState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  async function start() {
    if (!activeProfile) return;
    setState({ busy: true, error: null });
    try {
      const opened = await api.attemptStart({
        profileId: activeProfile.id,
        scenarioId: scenario.id,
        scenarioVersion: scenario.version,
        assignmentId,
      });
      window.location.hash = routeHref('cathlab', scenario.id, { attempt: opened.attemptId });
    } catch (error) {
      setState({ busy: false, error: errorMessage(error) });
    }
  }
  return (
    <>
      <button className="primary" onClick={() => void start()} disabled={state.busy || !activeProfile}>
        Start the case in the cath lab
      </button>
      {state.error && (
        <p className="form-error" role="alert">
          {state.error}
        </p>
      )}
    </>
  );
}
