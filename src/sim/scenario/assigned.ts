import type { Scenario } from './scenario.ts';

/**
 * A case as a program director assigned it: the pass mark it is judged against (null keeps the
 * case's own) and the learning aids allowed (null keeps the case's). The workstation plays and
 * scores this version, and the main process re-scores the same, so both agree on pass or fail.
 */
export interface AssignedTerms {
  passMark: number | null;
  aids: { seeThrough: boolean; roadmap: boolean } | null;
}

export function asAssigned(scenario: Scenario, terms: AssignedTerms): Scenario {
  if (terms.passMark === null && terms.aids === null) return scenario;
  return {
    ...scenario,
    aids: terms.aids ?? scenario.aids,
    scoring: { ...scenario.scoring, passMark: terms.passMark ?? scenario.scoring.passMark },
  };
}
