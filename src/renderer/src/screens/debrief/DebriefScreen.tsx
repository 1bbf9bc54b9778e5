import type { AttemptScore, ProcessResult } from '../../../../sim/scoring/score.ts';
import type { SimEvent } from '../../../../sim/simulation.ts';
import { findDevice } from '../../../../sim/devices/catalogue.ts';
import { SIM_STEP_HZ } from '../../../../sim/version.ts';
import { api } from '../../app/api.ts';
import { Loading } from '../../app/Loading.tsx';
import { routeHref } from '../../app/router.ts';
import { useSession } from '../../app/session.tsx';
import { useLoaded } from '../../app/useCall.ts';
import { formatTime } from '../../fluoro/formatTime.ts';
import { AttemptTable } from './AttemptTable.tsx';
import { DebriefCharts } from './DebriefCharts.tsx';
import { OutcomeResults } from './OutcomeResults.tsx';

/** The debrief of one attempt (`attemptId`), or the list of the signed-in person's attempts. */
export function DebriefScreen({ attemptId }: { attemptId: string | undefined }) {
  if (attemptId) return <AttemptDebrief key={attemptId} attemptId={attemptId} />;
  return <AttemptList />;
}

function AttemptList() {
  const { activeProfile } = useSession();
  const [attempts] = useLoaded(() => api.attemptList(activeProfile ? { profileId: activeProfile.id } : {}));
  return (
    <div className="screen-body">
      <h1>Debrief</h1>
      <Loading state={attempts}>
        {({ attempts: list }) =>
          list.length === 0 ? (
            <p className="empty">
              No attempt has been completed yet. Finish a case in the <a href={routeHref('home')}>case library</a> to
              see its score here.
            </p>
          ) : (
            <AttemptTable
              attempts={list}
              testId="attempt-list"
              action={(attempt) => <a href={routeHref('debrief', attempt.id)}>Debrief</a>}
            />
          )
        }
      </Loading>
    </div>
  );
}

const processLabels: Record<ProcessResult['metric'], string> = {
  'fluoroscopy-minutes': 'Fluoroscopy (min)',
  'contrast-ml': 'Contrast (mL)',
  'reference-air-kerma-mgy': 'Reference air kerma (mGy)',
};

function AttemptDebrief({ attemptId }: { attemptId: string }) {
  const [attempt] = useLoaded(() => api.attemptGet({ id: attemptId }));
  const [library] = useLoaded(() => api.scenarioList({}));
  const procedureOf = (scenarioId: string): string | undefined =>
    library.status === 'ready'
      ? library.value.scenarios.find((header) => header.id === scenarioId)?.procedure
      : undefined;
  return (
    <div className="screen-body">
      <Loading state={attempt}>
        {(record) => {
          const score = record.score;
          return (
            <article className="debrief" data-testid="debrief">
              <p className="case-kind">Debrief</p>
              <h1>{record.scenarioTitle}</h1>
              <p className={record.passed ? 'result pass' : 'result fail'} data-testid="result">
                {record.verification === 'mismatch'
                  ? `Not verified: the re-simulated score (${score.total.toFixed(1)}) differs from the one shown at the workstation.`
                  : `${record.passed ? 'Pass' : 'Fail'}: ${score.total.toFixed(1)} of 100 (pass mark ${score.passMark})`}
              </p>
              <p className="hint">
                {formatTime(record.durationS)} at the table · score computed by re-simulating the attempt (core{' '}
                {record.coreVersion})
              </p>
              <ScoreBreakdown score={score} />
              <DebriefCharts score={score} events={record.events} durationS={record.durationS} />
              <section aria-labelledby="objectives-title">
                <h2 id="objectives-title">Objectives</h2>
                <ul className="objective-results" data-testid="objective-results">
                  {score.objectives.map((objective) => (
                    <li key={objective.id} className={objective.met ? 'met' : 'missed'}>
                      {objective.met ? '✓' : '✗'} {objective.text}
                      {objective.atS !== null && ` — at ${formatTime(objective.atS)}`}
                      {!objective.judged && ' — not judged by this simulation core, cannot be met'}
                    </li>
                  ))}
                </ul>
              </section>
              <OutcomeResults score={score} procedure={procedureOf(record.scenarioId)} />
              <section aria-labelledby="phases-title">
                <h2 id="phases-title">Phases and steps</h2>
                <ol className="objective-results" data-testid="phase-results">
                  {score.phases.map((phase) => (
                    <li key={phase.id}>
                      {phase.complete ? '✓' : '○'} {phase.title}
                      <ul>
                        {phase.steps.map((step) => (
                          <li key={step.id} className={step.done ? 'met' : 'missed'}>
                            {step.judged ? (step.done ? '✓' : '✗') : '·'} {step.text}
                            {step.atS !== null && ` — at ${formatTime(step.atS)}`}
                          </li>
                        ))}
                      </ul>
                    </li>
                  ))}
                </ol>
              </section>
              <section aria-labelledby="errors-title">
                <h2 id="errors-title">Errors</h2>
                {score.errors.length === 0 ? (
                  <p className="hint">None recorded.</p>
                ) : (
                  <ul data-testid="error-results">
                    {score.errors.map((error) => (
                      <li key={error.id}>
                        {error.text} ({error.severity}) ×{error.times.length}: at{' '}
                        {error.times
                          .slice(0, 8)
                          .map((time) => formatTime(time))
                          .join(', ')}
                        {error.times.length > 8 ? '…' : ''}
                      </li>
                    ))}
                  </ul>
                )}
              </section>
              <section aria-labelledby="process-title">
                <h2 id="process-title">Process</h2>
                <table className="metric-table" data-testid="process-results">
                  <thead>
                    <tr>
                      <th>Metric</th>
                      <th>Yours</th>
                      <th>Limit</th>
                      <th>Credit</th>
                    </tr>
                  </thead>
                  <tbody>
                    {score.process.map((result) => (
                      <tr key={result.metric}>
                        <th>{processLabels[result.metric]}</th>
                        <td>{result.value.toFixed(1)}</td>
                        <td>{result.limit}</td>
                        <td>{Math.round(result.score * 100)}%</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <dl className="facts">
                  <dt>DSA/cine runs</dt>
                  <dd>
                    {score.metrics.acquisitionRuns} ({score.metrics.acquisitionFrames} frames)
                  </dd>
                  <dt>DAP</dt>
                  <dd>{score.metrics.kermaAreaProductGyCm2.toFixed(2)} Gy·cm²</dd>
                  <dt>Largest wall force</dt>
                  <dd>{score.metrics.maxWallForceN.toFixed(2)} N</dd>
                  <dt>Tip travel</dt>
                  <dd>
                    {score.metrics.tipPathMm.toFixed(0)} mm at {score.metrics.tipSpeedMmPerS.toFixed(1)} mm/s while
                    moving
                  </dd>
                  <dt>3D view used</dt>
                  <dd>{formatTime(score.metrics.seeThroughS)}</dd>
                </dl>
              </section>
              <section aria-labelledby="timeline-title">
                <h2 id="timeline-title">Timeline</h2>
                <ol className="timeline" data-testid="timeline">
                  {record.events
                    .filter((event) => event.kind !== 'carm')
                    .slice(0, 200)
                    .map((event, i) => (
                      <li key={i}>
                        <span className="time">{formatTime(event.step / SIM_STEP_HZ)}</span> {describeEvent(event)}
                      </li>
                    ))}
                </ol>
              </section>
            </article>
          );
        }}
      </Loading>
    </div>
  );
}

function ScoreBreakdown({ score }: { score: AttemptScore }) {
  const rows = [
    ['Procedure (steps done)', score.groups.procedure],
    ['Errors', score.groups.errors],
    ['Process (fluoroscopy, contrast, dose)', score.groups.process],
    ['Outcome', score.groups.outcome],
  ] as const;
  return (
    <table className="metric-table" data-testid="score-breakdown">
      <tbody>
        {rows.map(([label, group]) => (
          <tr key={label}>
            <th>{label}</th>
            <td>
              {group.earned.toFixed(1)} / {group.weight}
            </td>
          </tr>
        ))}
        <tr>
          <th>Total</th>
          <td>{score.total.toFixed(1)} / 100</td>
        </tr>
      </tbody>
    </table>
  );
}

function describeEvent(event: SimEvent): string {
  switch (event.kind) {
    case 'beam-on':
      return `Beam on (${event.mode})`;
    case 'beam-off':
      return 'Beam off';
    case 'acquisition-run':
      return `${event.mode.toUpperCase()} run ${event.run}`;
    case 'injection':
      return (
        `Injection ${event.rateMlPerS} mL/s × ${event.volumeMl} mL in the ${event.vesselKey.replaceAll('-', ' ')}` +
        (event.particleDiameterMm === undefined
          ? ''
          : ` with ${Math.round(event.particleDiameterMm * 1000)} µm particles`)
      );
    case 'embolization':
      return `Particles lodged: ${event.vessels.map((vessel) => `${vessel.vesselKey.replaceAll('-', ' ')} ${vessel.ml.toFixed(2)} mL`).join(', ') || 'none'}${event.refluxedMl > 0 ? ` (${event.refluxedMl.toFixed(2)} mL refluxed)` : ''}`;
    case 'stent-retriever':
      return `Stent retriever ${event.action} in the ${event.vesselKey.replaceAll('-', ' ')} (${Math.round(event.coverage * 100)}% of the clot covered)`;
    case 'thrombectomy-pass':
      return `Pass ${event.pass} (${event.technique}): ${event.captured ? 'clot retrieved' : 'clot not retrieved'}, mTICI ${event.tici}${event.fragments.length > 0 ? `, fragments to ${event.fragments.map((fragment) => fragment.vesselKey.replaceAll('-', ' ')).join(', ')}` : ''}`;
    case 'balloon':
      return event.inflated ? 'Balloon guide inflated (flow arrest)' : 'Balloon guide deflated';
    case 'coil':
      return `${event.diameterMm} mm × ${event.lengthCm} cm coil ${event.outcome === 'packed' ? 'packed in' : `${event.outcome} to`} the ${event.vesselKey.replaceAll('-', ' ')} (${Math.round(event.occlusion * 100)}% occluded)`;
    case 'device-loaded':
      return `${findDevice(event.deviceId).name} loaded`;
    case 'device-removed':
      return `${findDevice(event.deviceId).name} taken out`;
    case 'tip-entered':
      return `${event.deviceId} tip in the ${event.vesselKey.replaceAll('-', ' ')}`;
    case 'wall-force':
      return `Wall force ${event.forceN.toFixed(2)} N (${event.deviceId}, ${event.vesselKey.replaceAll('-', ' ')})`;
    case 'aid':
      return `${event.aid === 'see-through' ? '3D see-through view' : 'Roadmap'} ${event.on ? 'shown' : 'hidden'}`;
    case 'carm':
      return 'C-arm moved';
  }
}
