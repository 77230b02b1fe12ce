import type { LoadModel } from './behaviour.js';

/**
 * How much slower the server is with `inFlight` generation requests open (this one included):
 *
 *   multiplier = 1 + max(0, inFlight - knee) / scale
 *
 * TTFT is scaled by the multiplier at the moment the request is accepted; each inter-chunk gap
 * by the multiplier at the moment the previous chunk goes out. Below the knee a load sweep
 * is flat; beyond it latency grows linearly and per-stream tokens/s falls as 1/multiplier,
 * which is the shape a saturated batch scheduler shows.
 */
export function loadMultiplier(load: LoadModel | null, inFlight: number): number {
  if (load === null) return 1;
  return 1 + Math.max(0, inFlight - load.knee) / load.scale;
}
