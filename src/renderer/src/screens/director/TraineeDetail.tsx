import type { Profile } from '../../../../contract/calls.ts';
import { CaseCurves } from '../program/CaseCurves.tsx';
import type { ProgramData } from './DirectorScreen.tsx';

/** One trainee, opened from the progress table: learning curves per case, down to each attempt's replay. */
export function TraineeDetail({
  trainee,
  data,
  onClose,
}: {
  trainee: Profile;
  data: ProgramData;
  onClose: () => void;
}) {
  const attempts = data.attempts.filter((attempt) => attempt.profileId === trainee.id);
  return (
    <section aria-labelledby="trainee-title" className="trainee-detail" data-testid="trainee-detail">
      <div className="picker-header">
        <h2 id="trainee-title">
          {trainee.displayName}
          {trainee.trainingYear !== null && <span className="hint"> PGY-{trainee.trainingYear}</span>}
        </h2>
        <button className="secondary" onClick={onClose}>
          Close
        </button>
      </div>
      <p className="hint">
        {attempts.length} attempts, {attempts.filter((attempt) => attempt.passed).length} passed.
      </p>
      <CaseCurves attempts={attempts} />
    </section>
  );
}
