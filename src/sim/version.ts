/**
 * Version of the simulation core. Replays and verified scores record it: a change to anything
 * that alters a simulated trajectory (solver, step rate, random stream) must bump it, so an old
 * replay is never re-simulated by a core that would play it differently.
 */
export const SIM_CORE_VERSION = '0.2.0';

/** Fixed simulation step rate (steps per simulated second). */
export const SIM_STEP_HZ = 120;
