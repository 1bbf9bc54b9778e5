import { parseArgs } from 'node:util';
import {
  defaultCArmPose,
  FieldValueError,
  fieldOfViewModesCm,
  isFieldOfViewCm,
  type CArmPose,
} from '../../sim/imaging/carm.ts';
import {
  doseForExposure,
  exposureModes,
  validateExposure,
  type Exposure,
  type ExposureMode,
} from '../../sim/imaging/dose.ts';
import { UsageError, type Command } from '../command.ts';

/** Which flag set each field the core checks, so its errors can name the flag. */
const flagForField: Record<string, string> = {
  mode: '--mode',
  pulsesPerSecond: '--pps',
  patientThicknessCm: '--thickness',
  'pose.fieldOfViewCm': '--fov',
  'pose.laoDeg': '--lao',
  'pose.cranDeg': '--cran',
  seconds: '--seconds',
};

export const doseCommand: Command = {
  name: 'dose',
  summary: 'reference-point air kerma and KAP for one exposure (mode, pulse rate, field, angles, patient)',
  usage:
    'dose --mode <fluoro-low|fluoro|cine|dsa> --pps N --fov <48|42|32|22|16> [--lao DEG (RAO < 0)] ' +
    '[--cran DEG (CAUD < 0)] [--thickness CM] [--seconds S]',
  run(args) {
    const { values } = parseArgs({
      args: joinNegativeNumbers(args),
      strict: true,
      options: {
        mode: { type: 'string' },
        pps: { type: 'string' },
        fov: { type: 'string' },
        lao: { type: 'string' },
        cran: { type: 'string' },
        thickness: { type: 'string' },
        seconds: { type: 'string' },
      },
    });
    if (values.mode === undefined) throw new UsageError(`dose: --mode is required (${exposureModes.join(', ')})`);
    if (!(exposureModes as readonly string[]).includes(values.mode))
      throw new UsageError(`dose: --mode "${values.mode}" is not one of ${exposureModes.join(', ')}`);
    if (values.pps === undefined) throw new UsageError('dose: --pps is required (pulses or frames per second)');
    if (values.fov === undefined)
      throw new UsageError(`dose: --fov is required (one of ${fieldOfViewModesCm.join(', ')} cm)`);
    const fov = numberFlag('--fov', values.fov);
    if (!isFieldOfViewCm(fov))
      throw new UsageError(
        `dose: --fov ${values.fov} is not a field-of-view mode; use one of ${fieldOfViewModesCm.join(', ')} cm`,
      );
    const pose: CArmPose = {
      ...defaultCArmPose,
      laoDeg: numberFlag('--lao', values.lao ?? '0'),
      cranDeg: numberFlag('--cran', values.cran ?? '0'),
      fieldOfViewCm: fov,
    };
    const exposure: Exposure = {
      mode: values.mode as ExposureMode,
      pulsesPerSecond: numberFlag('--pps', values.pps),
      pose,
      patientThicknessCm: numberFlag('--thickness', values.thickness ?? '20'),
    };
    const seconds = numberFlag('--seconds', values.seconds ?? '60');
    let dose;
    try {
      validateExposure(exposure);
      dose = doseForExposure(exposure, seconds);
    } catch (error) {
      if (error instanceof FieldValueError)
        throw new UsageError(
          `dose: ${flagForField[error.field] ?? error.field} ${String(error.value)} ${error.problem}`,
        );
      throw error;
    }
    return {
      mode: exposure.mode,
      pulsesPerSecond: exposure.pulsesPerSecond,
      fieldOfViewCm: pose.fieldOfViewCm,
      laoDeg: pose.laoDeg,
      cranDeg: pose.cranDeg,
      patientThicknessCm: exposure.patientThicknessCm,
      seconds,
      airKermaRateMGyPerMin: round(dose.airKermaRateMGyPerMin, 4),
      airKermaMGy: round(dose.airKermaMGy, 4),
      kermaAreaProductGyCm2: round(dose.kermaAreaProductGyCm2, 5),
    };
  },
};

/**
 * `--lao -30` would read -30 as an option; join such pairs into `--lao=-30` so RAO and CAUD can be
 * typed the natural way.
 */
function joinNegativeNumbers(args: readonly string[]): string[] {
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const next = args[i + 1];
    if (arg.startsWith('--') && !arg.includes('=') && next !== undefined && /^-\d|^-\.\d/.test(next)) {
      joined.push(`${arg}=${next}`);
      i++;
    } else joined.push(arg);
  }
  return joined;
}

function numberFlag(flag: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new UsageError(`dose: ${flag} "${text}" is not a number`);
  return value;
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
