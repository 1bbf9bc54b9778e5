import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/run-cli.ts';

interface NavigateOutput {
  reached: boolean;
  simulatedSeconds: number;
  path: string[];
  maxWallPenetrationMm: number;
  maxWallForceN: number;
  devices: string[];
}

describe('cli navigate', () => {
  it('drives the default angled wire from the right femoral sheath to the left subclavian and prints the route', () => {
    const result = runCli(['navigate', '--anatomy', 'neuro', '--to', 'left-subclavian']);
    expect(result.status).toBe(0);
    const output = result.json() as NavigateOutput;
    expect(output.reached).toBe(true);
    expect(output.path[0]).toBe('right-common-femoral');
    expect(output.path.at(-1)).toBe('left-subclavian');
    expect(output.path).toContain('aortic-arch');
    expect(output.simulatedSeconds).toBeGreaterThan(0);
    expect(output.maxWallPenetrationMm).toBeLessThan(0.5);
    expect(output.maxWallForceN).toBeGreaterThanOrEqual(0);
    expect(output.devices).toEqual(['wire-035-angled-hydrophilic']);
  });

  it('refuses an unknown vessel, an unknown device and a device that does not fit, in one line', () => {
    const unknownVessel = runCli(['navigate', '--anatomy', 'neuro', '--to', 'left-mca-m9']);
    expect(unknownVessel.status).toBe(2);
    expect(unknownVessel.stderr.trim().split('\n')).toHaveLength(1);
    expect(unknownVessel.stderr).toMatch(/no vessel "left-mca-m9"/);

    const unknownDevice = runCli(['navigate', '--anatomy', 'body', '--to', 'celiac-trunk', '--devices', 'wire-999']);
    expect(unknownDevice.status).toBe(2);
    expect(unknownDevice.stderr).toMatch(/no device "wire-999"/);

    const tooBig = runCli([
      'navigate',
      '--anatomy',
      'neuro',
      '--to',
      'left-cca',
      '--devices',
      'microcatheter-2.4f,catheter-5f-cobra',
    ]);
    expect(tooBig.status).toBe(2);
    expect(tooBig.stderr.trim().split('\n')).toHaveLength(1);
    expect(tooBig.stderr).toMatch(/does not fit through/);

    expect(runCli(['navigate', '--anatomy', 'neuro']).stderr).toMatch(/--to/);
    expect(runCli(['navigate', '--anatomy', 'neuro', '--to', 'aortic-arch', '--from', 'aortic-arch']).stderr).toMatch(
      /not an access vessel/,
    );
  });
});
