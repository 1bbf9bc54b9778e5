import type { Assignment, AssignmentProgress, AssignmentStatus } from '../../../../contract/program.ts';

/** How the trainee home and the director console say where someone stands on an assignment. */

export const statusLabels: Record<AssignmentStatus, string> = {
  'not-started': 'Not started',
  'in-progress': 'In progress',
  passed: 'Passed',
  failed: 'Failed',
};

/** "Passed", "In progress · overdue", "Failed (no attempts left)". */
export function statusText(progress: AssignmentProgress): string {
  const label = statusLabels[progress.status];
  if (progress.status === 'failed') return `${label} (no attempts left)`;
  return progress.overdue ? `${label} · overdue` : label;
}

/** "Due 1 Dec 2026", or "No due date". */
export function dueText(assignment: Assignment): string {
  return assignment.dueAt === null
    ? 'No due date'
    : `Due ${new Date(assignment.dueAt).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' })}`;
}

/** Attempts used and left at the case to do now: "2 used, 1 left" or "2 used". */
export function attemptsText(progress: AssignmentProgress): string {
  const step =
    progress.steps.find((candidate) => candidate.scenarioId === progress.nextScenarioId) ?? progress.steps[0];
  const used = `${progress.attemptsUsed} used`;
  return step?.attemptsLeft === null || step === undefined ? used : `${used}, ${step.attemptsLeft} left`;
}

export function passMarkText(assignment: Assignment): string {
  return assignment.passMark === null ? "each case's own" : String(assignment.passMark);
}

export function aidsText(assignment: Assignment): string {
  const allowed = [assignment.aids.seeThrough && '3D view', assignment.aids.roadmap && 'roadmap'].filter(Boolean);
  return allowed.length === 0 ? 'no aids' : allowed.join(' and ');
}
