import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseOrThrow, SchemaError } from '../../../src/sim/schema-errors.ts';

const Schema = z.object({ patient: z.object({ weightKg: z.number().positive() }), devices: z.array(z.string()) });

describe('schema errors', () => {
  it('name the source, the field path and the value found', () => {
    const bad = { patient: { weightKg: -70 }, devices: ['wire', 3] };
    expect(() => parseOrThrow(Schema, bad, 'case.json')).toThrow(SchemaError);
    try {
      parseOrThrow(Schema, bad, 'case.json');
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toMatch(/^case\.json: /);
      expect(message).toContain('patient.weightKg');
      expect(message).toContain('found -70');
      expect(message).toContain('devices[1]');
      expect(message).toContain('found 3');
    }
  });

  it('says when a required field is missing', () => {
    expect(() => parseOrThrow(Schema, { devices: [] }, 'case.json')).toThrow(/case\.json: patient: .*/);
  });

  it('returns the parsed value when it is valid', () => {
    expect(parseOrThrow(Schema, { patient: { weightKg: 70 }, devices: [] }, 'x')).toEqual({
      patient: { weightKg: 70 },
      devices: [],
    });
  });
});
