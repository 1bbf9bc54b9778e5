import { z } from 'zod';

/** Why a call failed, in terms a screen can act on. */
export const ApiErrorCodeSchema = z.enum([
  'invalid-input', // the payload broke the call's schema or a business rule on a value
  'not-found', // the named record does not exist
  'conflict', // the change clashes with what is stored (a duplicate name, say)
  'forbidden', // the caller may not do this
  'storage', // the database could not be opened or written
  'internal', // a bug: the message is for developers
]);
export type ApiErrorCode = z.output<typeof ApiErrorCodeSchema>;

export const ApiErrorBodySchema = z.object({ code: ApiErrorCodeSchema, message: z.string() });
export type ApiErrorBody = z.output<typeof ApiErrorBodySchema>;

/** A failed call. Services throw it; transports carry its code and message across unchanged. */
export class ApiError extends Error {
  override name = 'ApiError';
  readonly code: ApiErrorCode;
  constructor(code: ApiErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

/** What every transport (IPC, HTTP) returns: a value, or an error with its code. */
export type CallResult<T> = { ok: true; value: T } | { ok: false; error: ApiErrorBody };
