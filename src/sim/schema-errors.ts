import type { z } from 'zod';

/**
 * Turns a failed zod parse into one line a person can act on: where the value came from, which
 * field, what was wrong and the value that was found. Used wherever a value crosses a file or
 * process boundary.
 */
export function describeSchemaIssues(issues: readonly z.core.$ZodIssue[], input: unknown): string {
  return issues
    .slice(0, 3)
    .map((issue) => {
      const field = formatPath(issue.path);
      const found = valueAt(input, issue.path);
      const foundText = found.present ? ` (found ${preview(found.value)})` : '';
      return `${field}: ${issue.message}${foundText}`;
    })
    .join('; ')
    .concat(issues.length > 3 ? `; and ${issues.length - 3} more` : '');
}

/** Parses `value` with `schema`, throwing an Error that names `source` and the bad field. */
export function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown, source: string): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new SchemaError(`${source}: ${describeSchemaIssues(result.error.issues, value)}`);
}

export class SchemaError extends Error {
  override name = 'SchemaError';
}

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(whole value)';
  return path
    .map((key, index) => (typeof key === 'number' ? `[${key}]` : `${index === 0 ? '' : '.'}${String(key)}`))
    .join('');
}

function valueAt(input: unknown, path: readonly PropertyKey[]): { present: boolean; value?: unknown } {
  let current: unknown = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object' || !(key in current)) return { present: false };
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return { present: true, value: current };
}

function preview(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (value === undefined) return 'nothing';
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (Array.isArray(value)) return `a list of ${value.length}`;
  return 'an object';
}
