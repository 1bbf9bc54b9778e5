import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../../src/sim/scenario/scenario.ts';

const library = join(import.meta.dirname, '../../../../assets/scenarios');
const files = readdirSync(library).filter((file) => file.endsWith('.json'));
const read = (file: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(library, file), 'utf8')) as Record<string, unknown>;

type Json = { [key: string]: Json } | Json[] | string | number | boolean | null;

/** A valid case to break one thing at a time. */
function base(): Json {
  return read('stroke-left-m1-aspiration.json') as Json;
}

/** The object or list holding `path`'s last key, and that key ("a.b.0.c"). */
function parentOf(value: Json, path: string): { parent: { [key: string]: Json }; key: string } {
  const keys = path.split('.');
  let current = value as { [key: string]: Json };
  for (const key of keys.slice(0, -1)) current = current[key] as { [key: string]: Json };
  return { parent: current, key: keys.at(-1)! };
}
function setAt(value: Json, path: string, to: Json): void {
  const { parent, key } = parentOf(value, path);
  parent[key] = to;
}
function pushAt(value: Json, path: string, item: Json): void {
  const { parent, key } = parentOf(value, path);
  (parent[key] as Json[]).push(item);
}

describe('the case library', () => {
  it('holds every case the curriculum needs, each valid against its own anatomy', () => {
    const ids = files.map((file) => file.replace(/\.json$/, ''));
    for (const needed of [
      'stroke-left-m1-aspiration',
      'stroke-right-ica-terminus-balloon-guide',
      'stroke-left-m2-type-iii-arch',
      'tace-segment-viii-tumour',
      'splenic-trauma-coil',
      'ufe-bilateral',
      'drill-brachiocephalic',
      'drill-left-common-carotid',
      'drill-left-subclavian',
      'drill-celiac',
      'drill-sma',
      'drill-right-renal',
      'drill-left-renal',
    ])
      expect(ids).toContain(needed);
    for (const file of files) {
      const { scenario, tree } = parseScenario(read(file), file);
      expect(`${scenario.id}.json`).toBe(file);
      expect(tree.name).toContain(`${scenario.anatomy} atlas`);
    }
  });

  it('puts the type III arch case on a type III arch and the tumour case on a liver with a tumour', () => {
    expect(parseScenario(read('stroke-left-m2-type-iii-arch.json'), 'm2').tree.name).toContain('arch III');
    expect(parseScenario(read('tace-segment-viii-tumour.json'), 'tace').tree.name).toContain('liver tumour');
  });
});

describe('a broken scenario is refused with the field and the value', () => {
  const cases: [string, (scenario: Json) => void, RegExp][] = [
    ['a missing field', (s) => delete parentOf(s, 'history').parent['history'], /history: .*found nothing|history/],
    ['an unknown procedure', (s) => setAt(s, 'procedure', 'biopsy'), /procedure: .*found "biopsy"/],
    ['a file format from the future', (s) => setAt(s, 'format', 2), /format: .*found 2/],
    ['a field nobody reads (a typo)', (s) => setAt(s, 'pathologee', {}), /pathologee/],
    [
      'a clot in a vessel the anatomy lacks',
      (s) => setAt(s, 'pathology.clots.0.vessel', 'left-mca-m9'),
      /pathology\.clots\[0\]\.vessel: the neuro atlas.* has no vessel "left-mca-m9"/,
    ],
    [
      'a clot beyond the end of its vessel',
      (s) => setAt(s, 'pathology.clots.0.arcMm', 400),
      /pathology\.clots\[0\]\.vessel: 400 mm is beyond the end of left-mca-m1/,
    ],
    [
      'an access vessel with branches',
      (s) => setAt(s, 'access.vessel', 'abdominal-aorta'),
      /access\.vessel: "abdominal-aorta" is not an access vessel/,
    ],
    [
      'a device not in the catalogue',
      (s) => pushAt(s, 'devices.onTable', 'catheter-9f-magic'),
      /devices\.onTable\[\d+\]: no device "catheter-9f-magic"/,
    ],
    [
      'a starting stack that does not load',
      (s) =>
        setAt(s, 'devices.initialStack', [
          { deviceId: 'microcatheter-2.4f', through: -1 },
          { deviceId: 'wire-035-angled-hydrophilic', through: 0 },
        ]),
      /devices\.initialStack\[1\]: /,
    ],
    [
      'an objective about a clot that is not there',
      (s) => setAt(s, 'objectives.2.clot', 3),
      /objectives\[2\]\.clot: there is no clot 3/,
    ],
    [
      'weights that do not add up to 100',
      (s) => setAt(s, 'scoring.weights.outcome', 50),
      /scoring\.weights: they add up to 120, not 100/,
    ],
    ['a pass mark out of range', (s) => setAt(s, 'scoring.passMark', 130), /scoring\.passMark: .*found 130/],
    [
      'a step id used twice',
      (s) => setAt(s, 'phases.1.steps.0.id', 'sheath-check'),
      /phases\[\]\.steps: the id "sheath-check" is used twice/,
    ],
    [
      'a step completed by an objective that does not exist',
      (s) => setAt(s, 'phases.0.steps.0.doneWhen', { kind: 'objective', objective: 'nope' }),
      /phases\[0\]\.steps\[0\]\.doneWhen\.objective: there is no objective "nope"/,
    ],
  ];
  for (const [what, breakIt, message] of cases) {
    it(`refuses ${what}`, () => {
      const scenario = base();
      breakIt(scenario);
      expect(() => parseScenario(scenario, 'case.json')).toThrow(message);
      expect(() => parseScenario(scenario, 'case.json')).toThrow(/^case\.json: /);
    });
  }
});
