/** The one monotonic clock runs are timed with, and the process-wide event-loop delay sampler. */
export { type MonotonicClock, performanceClock, roundMs } from './clock.js';
export {
  type DelayWindow,
  EVENT_LOOP_SAMPLE_INTERVAL_MS,
  EventLoopSampler,
  sharedEventLoopSampler,
} from './event-loop-sampler.js';
export { roundDelays, roundOrNull, roundSummary } from './round-summary.js';
