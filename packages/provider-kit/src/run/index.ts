/** One run's time budgets and stop switch, and the watch that moves them through a request's phases. */
export { AttemptWatch } from './attempt-watch.js';
export {
  type PhaseTimeoutCode,
  RunContext,
  type StopObserver,
  type StopReason,
  type TimeoutCode,
} from './context.js';
export { runMode } from './run-mode.js';
export { waitForSendInstant } from './send-instant.js';
export type { RunSessionBasics } from './session-basics.js';
