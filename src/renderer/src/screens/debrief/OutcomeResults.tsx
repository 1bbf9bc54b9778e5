import type { AttemptScore } from '../../../../sim/scoring/score.ts';

/**
 * The clinical outcome in the words of the procedure: for a thrombectomy the passes, whether the
 * first one reperfused (first-pass effect) and emboli to new territories; for an embolization the
 * particles delivered, how much of them refluxed (graded) and the coils. The objectives above say
 * whether the target was reached (mTICI, stasis, the bleed stopped).
 */
export function OutcomeResults({ score, procedure }: { score: AttemptScore; procedure: string | undefined }) {
  const m = score.metrics;
  // Older scores lack the treatment metrics: nothing to show.
  if (m.thrombectomyPasses === undefined) return null;
  if (procedure === 'thrombectomy') {
    return (
      <dl className="facts" data-testid="outcome-results">
        <dt>Passes</dt>
        <dd>{m.thrombectomyPasses}</dd>
        <dt>First-pass effect</dt>
        <dd>{m.thrombectomyPasses === 0 ? '—' : m.firstPassEffect === 1 ? 'yes (mTICI 2c–3 after one pass)' : 'no'}</dd>
        <dt>Emboli to a new territory</dt>
        <dd>{m.newTerritoryEmboli}</dd>
      </dl>
    );
  }
  if (procedure === 'embolization') {
    return (
      <dl className="facts" data-testid="outcome-results">
        <dt>Particles delivered</dt>
        <dd>{m.particlesMl.toFixed(2)} mL</dd>
        <dt>Reflux</dt>
        <dd>{refluxGrade(m.particlesMl, m.particlesRefluxedMl)}</dd>
        <dt>Coils</dt>
        <dd>{m.coilsDeployed}</dd>
      </dl>
    );
  }
  return null;
}

/**
 * How much of the particles went back up the vessel from the tip (est. grading): none; minor
 * (under 5%); moderate (under 20%); marked.
 */
export function refluxGrade(deliveredMl: number, refluxedMl: number): string {
  if (deliveredMl <= 0) return '—';
  const share = refluxedMl / deliveredMl;
  const percent = `${(share * 100).toFixed(0)}% of the particles`;
  if (share <= 0) return 'none';
  if (share < 0.05) return `minor (${percent})`;
  if (share < 0.2) return `moderate (${percent})`;
  return `marked (${percent})`;
}
