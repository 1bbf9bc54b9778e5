import { join } from 'node:path';
import { contract, isCallName, type CallName, type CallOutput } from '../../contract/calls.ts';
import { ApiError, type CallResult } from '../../contract/errors.ts';
import type { z } from 'zod';
import { describeSchemaIssues } from '../../sim/schema-errors.ts';
import { SIM_CORE_VERSION, SIM_STEP_HZ } from '../../sim/version.ts';
import { getAttempt, getAttemptReplay, listAttempts, submitAttempt } from './attempts.ts';
import { addComment, listComments } from './comments.ts';
import { createProfile, listProfiles, renameProfile } from './profiles.ts';
import { getScenario, listScenarios } from './scenarios.ts';
import { getSettings, setSettings } from './settings.ts';
import { openStore, DATABASE_FILE_NAME, type Store } from './store/store.ts';

/**
 * The services behind every contract call, independent of transport: Electron's IPC handlers,
 * the loopback bridge and the CLI all call `dispatch`, which validates the input against the
 * contract, runs the handler and turns failures into coded errors.
 */
export interface ServiceContext {
  store: Store;
  /** Folder holding `scenarios/` and the other shipped assets. */
  assetsDir: string;
  runtime: 'electron' | 'bridge' | 'cli';
  appVersion: string;
  now: () => Date;
}

type ParsedInput<N extends CallName> = z.output<(typeof contract)[N]['input']>;
type Handlers = { [N in CallName]: (input: ParsedInput<N>) => CallOutput<N> | Promise<CallOutput<N>> };

export function createHandlers(context: ServiceContext): Handlers {
  const { store } = context;
  return {
    appInfo: () => ({
      name: 'IR Trainer',
      appVersion: context.appVersion,
      coreVersion: SIM_CORE_VERSION,
      stepHz: SIM_STEP_HZ,
      runtime: context.runtime,
      databaseSchemaVersion: store.schemaVersion,
    }),
    scenarioList: () => listScenarios(join(context.assetsDir, 'scenarios')),
    scenarioGet: (input) => getScenario(join(context.assetsDir, 'scenarios'), input.id),
    attemptSubmit: (input) => submitAttempt(store, context.assetsDir, input, context.now),
    attemptList: (input) => ({ attempts: listAttempts(store, input.profileId) }),
    attemptGet: (input) => getAttempt(store, input.id),
    attemptReplay: (input) => getAttemptReplay(store, input.id),
    commentAdd: (input) => addComment(store, input, context.now),
    commentList: (input) => ({ comments: listComments(store, input.attemptId) }),
    profileList: () => ({ profiles: listProfiles(store) }),
    profileCreate: (input) => createProfile(store, input, context.now),
    profileRename: (input) => renameProfile(store, input),
    settingsGet: () => getSettings(store),
    settingsSet: (input) => setSettings(store, input),
  };
}

export async function dispatch(handlers: Handlers, name: string, rawInput: unknown): Promise<CallResult<unknown>> {
  if (!isCallName(name)) return failure('not-found', `There is no call named "${name}".`);
  const parsed = contract[name].input.safeParse(rawInput ?? {});
  if (!parsed.success) {
    return failure('invalid-input', `${name}: ${describeSchemaIssues(parsed.error.issues, rawInput)}`);
  }
  try {
    const handler = handlers[name] as (input: unknown) => unknown;
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
export function openServices(options: Omit<ServiceContext, 'store' | 'now'> & { dataDir: string; now?: () => Date }) {
  const store = openStore(join(options.dataDir, DATABASE_FILE_NAME));
  const context: ServiceContext = {
    store,
    assetsDir: options.assetsDir,
    runtime: options.runtime,
    appVersion: options.appVersion,
    now: options.now ?? (() => new Date()),
  };
  return { context, handlers: createHandlers(context), close: () => store.close() };
}
