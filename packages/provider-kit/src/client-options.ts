/**
 * The knobs and test seams every provider client takes, their defaults, and the part of
 * them every run uses: one place, so the providers agree on what each means.
 */
import type { ConnectGuard } from './http/connect-guard.js';
import { DEFAULT_MAX_LINE_BYTES } from './sse/parser.js';
import { type MonotonicClock, performanceClock } from './timing/clock.js';
import { type EventLoopSampler, sharedEventLoopSampler } from './timing/event-loop-sampler.js';

/** Minimal structured logger (pino-compatible). Receives only redacted data. */
export interface ProviderLogger {
  debug(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

export interface ClientOptionsBase {
  /** Most concurrent sockets per upstream. Default 1024: above it requests queue client-side. */
  maxSockets?: number;
  /** Cap on a JSON response body. Default 16 MiB. */
  maxResponseBytes?: number;
  /** Cap on one SSE line. Default 1 MiB. */
  maxLineBytes?: number;
  userAgent?: string;
  logger?: ProviderLogger;
  /** Test seams. */
  clock?: MonotonicClock;
  wallClock?: () => number;
  random?: () => number;
  /** Event-loop delay sampler; null turns the measurement off. Default: the shared one. */
  eventLoopSampler?: EventLoopSampler | null;
  /**
   * Checks the address of every connection to a user-given upstream (an automation's base
   * URL) as it opens. Default: none, every address is reached.
   */
  connectGuard?: ConnectGuard;
}

/** What every run of a client reads: its clocks, randomness, logger and read limits. */
export interface RunBasics {
  clock: MonotonicClock;
  wallClock: () => number;
  random: () => number;
  logger: ProviderLogger | null;
  maxResponseBytes: number;
  maxLineBytes: number;
}

export interface ResolvedClientOptions extends RunBasics {
  maxSockets: number;
  userAgent: string;
  sampler: EventLoopSampler | null;
  connectGuard: ConnectGuard | null;
}

/** The options with their defaults filled in. */
export function resolveClientOptions(options: ClientOptionsBase): ResolvedClientOptions {
  return {
    maxSockets: options.maxSockets ?? 1024,
    userAgent: options.userAgent ?? 'tfbench',
    clock: options.clock ?? performanceClock,
    wallClock: options.wallClock ?? Date.now,
    random: options.random ?? Math.random,
    logger: options.logger ?? null,
    maxResponseBytes: options.maxResponseBytes ?? 16 * 1024 * 1024,
    maxLineBytes: options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES,
    sampler: options.eventLoopSampler === undefined ? sharedEventLoopSampler() : options.eventLoopSampler,
    connectGuard: options.connectGuard ?? null,
  };
}

/** The part of the resolved options each run reads. */
export function runBasics(resolved: ResolvedClientOptions): RunBasics {
  const { clock, wallClock, random, logger, maxResponseBytes, maxLineBytes } = resolved;
  return { clock, wallClock, random, logger, maxResponseBytes, maxLineBytes };
}
