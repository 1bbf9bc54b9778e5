import { z } from 'zod';
import { fieldOfViewModesCm, isFieldOfViewCm, type FieldOfViewCm } from '../imaging/carm.ts';
import type { RecordedCommand } from '../simulation.ts';

/**
 * The shape of a recorded command when it crosses a process or file boundary (an attempt
 * submitted to the main process, a replay file): the same union as `SimCommand`, checked field
 * by field. Values are only checked for shape here; the simulation refuses out-of-range ones
 * with its own messages when the command is applied.
 */
const finite = z.number().refine(Number.isFinite, 'must be a finite number');

const PoseSchema = z
  .object({
    laoDeg: finite,
    cranDeg: finite,
    sourceToDetectorMm: finite,
    fieldOfViewCm: z.custom<FieldOfViewCm>(isFieldOfViewCm, `must be one of ${fieldOfViewModesCm.join(', ')} cm`),
    collimation: z
      .object({ leftFraction: finite, rightFraction: finite, topFraction: finite, bottomFraction: finite })
      .strict(),
    table: z.object({ longitudinalMm: finite, lateralMm: finite, heightMm: finite }).strict(),
  })
  .strict();

export const SimCommandSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('hub'),
      device: z.number().int().nonnegative(),
      command: z.object({ advanceMmPerS: finite, rotateDegPerS: finite }).strict(),
    })
    .strict(),
  z.object({ kind: z.literal('load-device'), deviceId: z.string().min(1).max(80) }).strict(),
  z.object({ kind: z.literal('remove-device'), device: z.number().int().nonnegative() }).strict(),
  z.object({ kind: z.literal('beam'), beam: z.enum(['off', 'fluoro', 'acquire']) }).strict(),
  z
    .object({
      kind: z.literal('imaging'),
      settings: z
        .object({
          fluoroscopyMode: z.enum(['fluoro', 'fluoro-low']),
          fluoroscopyPulsesPerSecond: finite,
          acquisitionMode: z.enum(['dsa', 'cine']),
          acquisitionFramesPerSecond: finite,
        })
        .strict(),
    })
    .strict(),
  z.object({ kind: z.literal('carm'), pose: PoseSchema }).strict(),
  z
    .object({
      kind: z.literal('inject'),
      rateMlPerS: finite,
      volumeMl: finite,
      particles: z.object({ diameterMm: finite, mlPerMl: finite }).strict().optional(),
    })
    .strict(),
  z.object({ kind: z.literal('deploy-coil'), diameterMm: finite, lengthCm: finite }).strict(),
  z.object({ kind: z.literal('deploy-stent-retriever'), stentRetrieverId: z.string().min(1).max(60) }).strict(),
  z.object({ kind: z.literal('resheath-stent-retriever') }).strict(),
  z.object({ kind: z.literal('retrieve-stent-retriever'), aspiration: z.boolean() }).strict(),
  z.object({ kind: z.literal('aspirate'), durationS: finite }).strict(),
  z.object({ kind: z.literal('balloon'), inflated: z.boolean() }).strict(),
  z.object({ kind: z.literal('stop-injection') }).strict(),
  z.object({ kind: z.literal('aid'), aid: z.enum(['see-through', 'roadmap']), on: z.boolean() }).strict(),
]);

export const RecordedCommandSchema = z
  .object({ step: z.number().int().nonnegative(), command: SimCommandSchema })
  .strict();

/** Compile-time check that the schema and the simulation's type describe the same commands. */
export type CheckedRecordedCommand = z.output<typeof RecordedCommandSchema>;
const sameShape: (value: CheckedRecordedCommand) => RecordedCommand = (value) => value;
void sameShape;
