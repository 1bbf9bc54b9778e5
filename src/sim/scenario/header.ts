import { z } from 'zod';

/**
 * The part of a scenario file that the case library lists: what the case is, before any of its
 * simulation content is read. The full scenario schema (pathology, devices, objectives, scoring)
 * extends this; every scenario file must satisfy it.
 */
export const ScenarioHeaderSchema = z.object({
  /** Stable identifier, also the file name: lower-case words joined by hyphens. */
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lower-case words joined by hyphens'),
  /** Content version of this case; replays and attempts record it. */
  version: z.number().int().positive(),
  title: z.string().min(1).max(120),
  procedure: z.enum(['navigation', 'thrombectomy', 'embolization']),
  /** Atlas the case is built on. */
  anatomy: z.enum(['neuro', 'body']),
  difficulty: z.enum(['introductory', 'intermediate', 'advanced']),
  summary: z.string().min(1).max(600),
});

export type ScenarioHeader = z.output<typeof ScenarioHeaderSchema>;
