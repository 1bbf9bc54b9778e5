import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/run-cli.ts';
import { useTempDirs } from '../../helpers/temp-dir.ts';

const tempDir = useTempDirs();
const fixtureProject = join(import.meta.dirname, '../../fixtures/simvascular');

interface StatsOutput {
  anatomy: string;
  vessels: {
    key: string;
    name: string;
    lengthMm: number;
    meanDiameterMm: number;
    minDiameterMm: number;
    maxDiameterMm: number;
  }[];
}

describe('cli anatomy', () => {
  it('prints every vessel of an atlas with length and mean, minimum and maximum diameter', () => {
    const result = runCli(['anatomy', 'stats', 'neuro']);
    expect(result.status).toBe(0);
    const stats = result.json() as StatsOutput;
    const m1 = stats.vessels.find((vessel) => vessel.key === 'left-mca-m1')!;
    expect(m1.name).toBe('Left middle cerebral artery M1');
    expect(m1.meanDiameterMm).toBeGreaterThan(2.3);
    expect(m1.meanDiameterMm).toBeLessThan(3.9);
    expect(m1.minDiameterMm).toBeLessThanOrEqual(m1.meanDiameterMm);
    expect(m1.maxDiameterMm).toBeGreaterThanOrEqual(m1.meanDiameterMm);
    expect(stats.vessels.length).toBeGreaterThan(40);
  });

  it('passes variant options to the atlas', () => {
    const stats = runCli(['anatomy', 'stats', 'body', '--fibroids', '--tumour', '--seed', '5']).json() as StatsOutput;
    expect(stats.anatomy).toMatch(/fibroids.*liver tumour.*seed 5/);
    expect(stats.vessels.some((vessel) => vessel.key === 'left-fibroid-feeder')).toBe(true);
  });

  it('imports a SimVascular project folder into a tree file that stats reads back the same', () => {
    const out = join(tempDir(), 'tree.json');
    const imported = runCli(['anatomy', 'import', fixtureProject, '--out', out]);
    expect(imported.status).toBe(0);
    expect(existsSync(out)).toBe(true);
    const summary = imported.json() as StatsOutput & { vesselCount: number };
    expect(summary.vesselCount).toBeGreaterThanOrEqual(3);
    const reread = runCli(['anatomy', 'stats', out]).json() as StatsOutput;
    expect(reread.vessels).toEqual(summary.vessels);
    expect(JSON.parse(readFileSync(out, 'utf8')).format).toBe('ir-trainer-vessel-tree');
  });

  it('names the file and value when an import fails, and writes nothing', () => {
    const dir = tempDir();
    const broken = join(dir, 'broken.pth');
    writeFileSync(broken, '<?xml version="1.0"?>\n<path id="1">\n  <timestep id="0">\n');
    const out = join(dir, 'tree.json');
    const result = runCli(['anatomy', 'import', broken, '--out', out]);
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/broken\.pth/);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses an unknown atlas, a bad option and a missing --out', () => {
    expect(runCli(['anatomy', 'stats', 'spine']).stderr).toMatch(/"spine" is neither an atlas \(neuro, body\)/);
    expect(runCli(['anatomy', 'stats', 'neuro', '--arch', 'IV']).stderr).toMatch(/archType.*"IV"/);
    const missingOut = runCli(['anatomy', 'import', fixtureProject]);
    expect(missingOut.status).toBe(2);
    expect(missingOut.stderr).toMatch(/--out/);
  });
});
