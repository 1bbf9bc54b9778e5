/**
 * The autopilot's tuning (`autopilot.ts`): which device leads, its speeds at each phase, how it
 * aims and retries at a junction, how followers trail it. Speeds mm/s, angles degrees.
 */
export interface AutopilotOptions {
  /** Vessel the path starts from when the tip is not yet in the body: the access vessel. */
  fromKey: string;
  /** Device the autopilot steers; the rest follow it. Default: the last (innermost) device. */
  leaderIndex: number;
  cruiseMmPerS: number;
  approachMmPerS: number;
  /** Forward speed while the bend is still turning toward the waypoint (mm/s). */
  creepMmPerS: number;
  retractMmPerS: number;
  /** Hub rotation per degree of bend error (deg/s per deg), and its cap (deg/s). */
  rotateGainPerS: number;
  maxRotateDegPerS: number;
  /** Bend within this of the waypoint direction counts as pointed (deg). */
  alignToleranceDeg: number;
  /**
   * Bend offsets tried at a junction, one per attempt (deg, added to the waypoint direction about
   * the shaft): the first is the plain aim; 180 points away. Attempts past the list reuse it.
   */
  steerOffsetsDeg: readonly number[];
  attemptsPerJunction: number;
  /** After sliding past a junction, withdraw slowly with the tip aimed and the hub sweeping (see `probe`). */
  probeAfterMiss: boolean;
  /** Withdrawal speed while probing for an ostium the tip slid past (mm/s). */
  probeMmPerS: number;
  /** Amplitude (deg) and period (s) of the hub sweep while probing. */
  probeSweepDeg: number;
  probeSweepPeriodS: number;
  /** Insertion without any progress along the route that counts as a failed attempt (mm). */
  stallMm: number;
  /** Simulated time after which the autopilot gives up (s). */
  maxSeconds: number;
  /** Each follower's tip stays this far per stack level behind the leader's tip (mm). */
  followGapMm: number;
  /** Devices inside the leader keep their tips this far behind its tip (mm). */
  parkMm: number;
  /** How deep into the target the tip must be to have arrived (mm; capped at half the target's length). */
  arrivalDepthMm: number;
  /** After a junction, advance at approach speed until the tip is this far along the new vessel (mm). */
  enterDepthMm: number;
}

export const defaultAutopilotOptions: Readonly<AutopilotOptions> = {
  fromKey: 'right-common-femoral',
  leaderIndex: -1,
  cruiseMmPerS: 60,
  approachMmPerS: 15,
  creepMmPerS: 4,
  retractMmPerS: 40,
  rotateGainPerS: 4,
  maxRotateDegPerS: 360,
  alignToleranceDeg: 20,
  steerOffsetsDeg: [0, 35, -35, 70, -70, 0],
  attemptsPerJunction: 6,
  probeAfterMiss: true,
  probeMmPerS: 5,
  probeSweepDeg: 30,
  probeSweepPeriodS: 1.5,
  stallMm: 80,
  maxSeconds: 120,
  followGapMm: 40,
  parkMm: 5,
  arrivalDepthMm: 5,
  enterDepthMm: 25,
};
