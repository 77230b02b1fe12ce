/**
 * The keep-alive transport: one HTTP exchange over node:http(s) with each phase timed and
 * bounded, the keep-alive agent that honours the server's idle-timeout hint, bounded body
 * reading, and the sweep that closes responses a server leaves open.
 */
export { type ConnectGuard, guardConnect } from './connect-guard.js';
export { createAgent, KEEP_ALIVE_HINT_MARGIN_MS, keepAliveHintMs, oneOffAgent } from './keep-alive-agent.js';
export { closeWhenLingering, lingeringCount } from './linger.js';
export { type BodyFailure, BodyReadError, discardBody, readBody } from './read-body.js';
export { type RequestTarget, requestTarget } from './request-target.js';
export type { StopObserver, StopSwitch } from './stop-switch.js';
export {
  type ExchangeOptions,
  type ExchangeWatch,
  type StartedExchange,
  startExchange,
} from './transport.js';
export { TransportError, type TransportFailure } from './transport-error.js';
