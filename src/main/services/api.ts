import { join } from 'node:path';
import { callAccess, contract, isCallName, type CallName, type CallOutput } from '../../contract/calls.ts';
import { ApiError, type CallResult } from '../../contract/errors.ts';
import type { z } from 'zod';
import { describeSchemaIssues } from '../../sim/schema-errors.ts';
import { SIM_CORE_VERSION, SIM_STEP_HZ } from '../../sim/version.ts';
import {
  createAssignment,
  createCurriculum,
  deleteAssignment,
  listCurricula,
  programOverview,
  traineeHome,
  updateAssignment,
  updateCurriculum,
} from './assignments.ts';
import { getAttempt, getAttemptReplay, listAttempts, submitAttempt } from './attempts.ts';
import { addComment, listComments } from './comments.ts';
import { exportAttemptPack, exportAssignmentPack, importPack } from './packs.ts';
import { createProfile, listProfiles, setPassphrase, updateProfile } from './profiles.ts';
import { backupDatabase, exportAttemptsCsv, RestoreRolledBackError, restoreDatabase } from './records.ts';
import { getScenario, listScenarios } from './scenarios.ts';
import {
  assertSelfOrDirector,
  authorize,
  currentProfile,
  isDirector,
  restoredSession,
  signIn,
  signOut,
  type SessionState,
} from './session.ts';
import { getSettings, setSettings } from './settings.ts';
import { openStore, DATABASE_FILE_NAME, type Store } from './store/store.ts';
import { abandonAttempt, checkpointAttempt, resumeAttempt, startAttempt } from './unfinished.ts';
import { importReplayFile } from './replay-import.ts';
import { createVerifier, type Verifier } from './verifier.ts';

/**
 * The services behind every contract call, independent of transport: Electron's IPC handlers,
 * the loopback bridge and the CLI all call `dispatch`, which validates the input against the
 * contract, runs the handler and turns failures into coded errors.
 */
export interface ServiceContext {
  /** Replaced when a backup is restored: read it at each call, never keep a copy. */
  store: Store;
  /** Who is signed in (held here, never taken from what a screen sends). */
  session: SessionState;
  /** Folder holding `scenarios/` and the other shipped assets. */
  assetsDir: string;
  /** Re-simulates attempts in a worker thread (submission, pack and replay import). */
  verifier: Verifier;
  runtime: 'electron' | 'bridge' | 'cli';
  appVersion: string;
  now: () => Date;
}

type ParsedInput<N extends CallName> = z.output<(typeof contract)[N]['input']>;
type CallHandlers = { [N in CallName]: (input: ParsedInput<N>) => CallOutput<N> | Promise<CallOutput<N>> };
/** Checks the caller may make a call at all (before its input is even read). */
export const authorizeCall = Symbol('authorizeCall');
export type Handlers = CallHandlers & { [authorizeCall]: (name: CallName) => void };

export function createHandlers(context: ServiceContext): Handlers {
  const session = context.session;
  const now = (): Date => context.now();
  const self = (profileId: string, field: string): void =>
    assertSelfOrDirector(context.store, session, profileId, field);
  const sessionOutput = () => ({ profile: currentProfile(context.store, session) ?? null });
  const scenariosDir = join(context.assetsDir, 'scenarios');
  const handlers: CallHandlers = {
    appInfo: () => ({
      name: 'IR Trainer',
      appVersion: context.appVersion,
      coreVersion: SIM_CORE_VERSION,
      stepHz: SIM_STEP_HZ,
      runtime: context.runtime,
      databaseSchemaVersion: context.store.schemaVersion,
    }),
    scenarioList: () => listScenarios(scenariosDir),
    scenarioGet: (input) => getScenario(scenariosDir, input.id),
    attemptStart: (input) => {
      self(input.profileId, 'profileId');
      return startAttempt(context.store, context.assetsDir, input, now());
    },
    attemptCheckpoint: (input) => checkpointAttempt(context.store, session, input, now()),
    attemptAbandon: (input) => abandonAttempt(context.store, session, input.attemptId, now()),
    attemptResume: (input) => resumeAttempt(context.store, session, input.attemptId),
    attemptSubmit: (input) => {
      self(input.profileId, 'profileId');
      return submitAttempt(context, input, now);
    },
    attemptList: (input) => ({ attempts: listAttempts(context.store, input) }),
    attemptGet: (input) => getAttempt(context.store, input.id),
    attemptReplay: (input) => getAttemptReplay(context.store, input.id),
    commentAdd: (input) => {
      self(input.authorProfileId, 'authorProfileId');
      return addComment(context.store, input, now);
    },
    commentList: (input) => ({ comments: listComments(context.store, input.attemptId) }),
    profileList: () => ({ profiles: listProfiles(context.store) }),
    profileCreate: (input) => createProfile(context.store, input, now, isDirector(context.store, session)),
    profileUpdate: (input) => {
      self(input.profileId, 'profileId');
      return updateProfile(context.store, input);
    },
    profileSetPassphrase: (input) => {
      if (!session.operator) self(input.profileId, 'profileId');
      return setPassphrase(context.store, input, now(), !session.operator);
    },
    sessionGet: () => sessionOutput(),
    sessionSignIn: (input) => {
      signIn(context.store, session, input, now());
      return sessionOutput();
    },
    sessionSignOut: () => {
      signOut(context.store, session);
      return sessionOutput();
    },
    settingsGet: () => getSettings(context.store, session),
    settingsSet: (input) => setSettings(context.store, session, input),
    curriculumList: () => ({ curricula: listCurricula(context.store) }),
    curriculumCreate: (input) => createCurriculum(context.store, scenariosDir, input, now()),
    curriculumUpdate: (input) => updateCurriculum(context.store, scenariosDir, input, now()),
    assignmentCreate: (input) => createAssignment(context.store, scenariosDir, session, input, now()),
    assignmentUpdate: (input) => updateAssignment(context.store, scenariosDir, input, now()),
    assignmentDelete: (input) => deleteAssignment(context.store, input.id, now()),
    traineeHome: (input) => {
      self(input.profileId, 'profileId');
      return traineeHome(context.store, scenariosDir, input.profileId, now());
    },
    programOverview: () => programOverview(context.store, scenariosDir, now()),
    recordsExportCsv: (input) => {
      const { csv, rows } = exportAttemptsCsv(context.store, input);
      return { fileName: `ir-trainer-results-${fileStamp(now())}.csv`, csv, rows };
    },
    recordsBackup: () => {
      const bytes = backupDatabase(context.store);
      return {
        fileName: `ir-trainer-backup-${fileStamp(now())}.sqlite`,
        base64: bytes.toString('base64'),
        bytes: bytes.length,
      };
    },
    recordsRestore: (input) => {
      try {
        const restored = restoreDatabase(context.store, Buffer.from(input.base64, 'base64'), now());
        context.store = restored.store;
        return restored.report;
      } catch (error) {
        // The swap failed after the database was closed: the original was put back and reopened.
        if (error instanceof RestoreRolledBackError) context.store = error.store;
        throw error;
      }
    },
    packExport: (input) => {
      const pack =
        input.kind === 'assignment-pack'
          ? exportAssignmentPack(context.store, now())
          : exportAttemptPack(context.store, input.attemptIds, now());
      return { fileName: `ir-trainer-${input.kind}-${fileStamp(now())}.json`, json: JSON.stringify(pack, null, 2) };
    },
    packImport: (input) => importPack(context, input.json, now()),
    replayImport: (input) => importReplayFile(context, input),
  };
  return {
    ...handlers,
    [authorizeCall]: (name: CallName) => authorize(context.store, session, name, callAccess[name]),
  };
}

/** A time stamp for file names: 2026-11-23T16-40-24Z. */
function fileStamp(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replaceAll(':', '-');
}

export async function dispatch(handlers: Handlers, name: string, rawInput: unknown): Promise<CallResult<unknown>> {
  if (!isCallName(name)) return failure('not-found', `There is no call named "${name}".`);
  try {
    handlers[authorizeCall](name);
  } catch (error) {
    if (error instanceof ApiError) return failure(error.code, error.message);
    throw error;
  }
  const parsed = contract[name].input.safeParse(rawInput ?? {});
  if (!parsed.success) {
    return failure('invalid-input', `${name}: ${describeSchemaIssues(parsed.error.issues, rawInput)}`);
  }
  try {
    const handler = (handlers as CallHandlers)[name] as (input: unknown) => unknown;
    const value = await handler(parsed.data);
    return { ok: true, value };
  } catch (error) {
    if (error instanceof ApiError) return failure(error.code, error.message);
    return failure('internal', `${name} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function failure(code: ApiError['code'], message: string): CallResult<never> {
  return { ok: false, error: { code, message } };
}

/** Opens the database in `dataDir` and builds the handlers over it. */
export function openServices(
  options: Omit<ServiceContext, 'store' | 'now' | 'session' | 'verifier'> & {
    dataDir: string;
    now?: () => Date;
    /** The verifier's worker entry where it is not the TypeScript source (the Electron build). */
    verifyWorkerUrl?: URL;
  },
) {
  const store = openStore(join(options.dataDir, DATABASE_FILE_NAME));
  const verifier = createVerifier(options.assetsDir, { workerUrl: options.verifyWorkerUrl });
  const context: ServiceContext = {
    store,
    // The command line is the workstation's operator; the app's screens start as the last trainee.
    session: restoredSession(store, options.runtime === 'cli'),
    assetsDir: options.assetsDir,
    verifier,
    runtime: options.runtime,
    appVersion: options.appVersion,
    now: options.now ?? (() => new Date()),
  };
  const close = (): void => {
    verifier.close();
    context.store.close();
  };
  return { context, handlers: createHandlers(context), close };
}
