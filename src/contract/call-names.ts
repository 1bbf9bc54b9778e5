/**
 * The names of the contract's calls, without their schemas: the preload needs only these, so it
 * stays a few lines instead of bundling the whole schema library into every window.
 * `calls.ts` checks that its table has exactly these keys.
 */
export const callNames = [
  'appInfo',
  'scenarioList',
  'scenarioGet',
  'attemptStart',
  'attemptCheckpoint',
  'attemptAbandon',
  'attemptResume',
  'attemptSubmit',
  'attemptList',
  'attemptGet',
  'attemptReplay',
  'commentAdd',
  'commentList',
  'profileList',
  'profileCreate',
  'profileUpdate',
  'profileSetPassphrase',
  'sessionGet',
  'sessionSignIn',
  'sessionSignOut',
  'settingsGet',
  'settingsSet',
  'curriculumList',
  'curriculumCreate',
  'curriculumUpdate',
  'assignmentCreate',
  'assignmentUpdate',
  'assignmentDelete',
  'traineeHome',
  'programOverview',
  'recordsExportCsv',
  'recordsBackup',
  'recordsRestore',
  'packExport',
  'packImport',
  'replayImport',
] as const;

export type CallName = (typeof callNames)[number];

export function isCallName(name: string): name is CallName {
  return (callNames as readonly string[]).includes(name);
}
