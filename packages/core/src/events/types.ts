/**
 * What travels on the live event bus. Events are a discriminated union on `kind`; every
 * event names the run, scenario and benchmark it belongs to, so that one filter shape
 * (the SSE endpoint's run_id / scenario_id / benchmark_id) applies to all of them.
 *
 * The bus is for live views only. The database stays the record: run_events holds every
 * event, runs and benchmarks hold every status.
 */
import { BENCHMARK_STATUSES, RUN_STATUSES } from '@tfbench/domain/model';
import { z } from 'zod';

const entityId = z.number().int().positive();

/** A run changed status. */
export const runStatusEventSchema = z.object({
  kind: z.literal('run.status'),
  run_id: entityId,
  scenario_id: entityId,
  benchmark_id: entityId.nullable(),
  status: z.enum(RUN_STATUSES),
  error_code: z.string().nullable().optional(),
  /** Wall-clock time of the transition, ISO 8601. */
  at: z.iso.datetime({ offset: true }),
});

/** A run received an upstream event (STARTED, PROGRESS, HEARTBEAT, COMPLETE, ...). */
export const runEventEventSchema = z.object({
  kind: z.literal('run.event'),
  run_id: entityId,
  scenario_id: entityId,
  benchmark_id: entityId.nullable(),
  /** Position of the event in its run, as stored in run_events. */
  seq: z.number().int().nonnegative(),
  /** The upstream event type, e.g. PROGRESS. */
  type: z.string().min(1),
  /** Milliseconds since the request started (monotonic clock). */
  at_ms: z.number().nonnegative(),
  /** What the agent is doing, for PROGRESS events. */
  purpose: z.string().optional(),
});

/** A benchmark's run counts changed. */
export const benchmarkProgressEventSchema = z.object({
  kind: z.literal('benchmark.progress'),
  benchmark_id: entityId,
  scenario_id: entityId,
  status: z.enum(BENCHMARK_STATUSES),
  /** Runs per status; statuses with no runs may be left out. */
  counts: z.partialRecord(z.enum(RUN_STATUSES), z.number().int().nonnegative()),
  /** Runs the benchmark will create in all (warmup included). */
  total: z.number().int().nonnegative(),
});

export const busEventSchema = z.discriminatedUnion('kind', [
  runStatusEventSchema,
  runEventEventSchema,
  benchmarkProgressEventSchema,
]);

export type BusEvent = z.infer<typeof busEventSchema>;
export type BusEventKind = BusEvent['kind'];
export const BUS_EVENT_KINDS = [
  'run.status',
  'run.event',
  'benchmark.progress',
] as const satisfies readonly BusEventKind[];

/** An event as delivered: with the bus-assigned id an SSE client echoes as Last-Event-ID. */
export interface DeliveredEvent {
  /**
   * Increases with every event the bus carries; `<milliseconds>-<sequence>`, compare with
   * `compareEventIds` (never as plain strings).
   */
  id: string;
  event: BusEvent;
}

/** Which events a subscriber wants. Each field given must match; omitted fields match all. */
export interface EventFilter {
  run_id?: number;
  scenario_id?: number;
  benchmark_id?: number;
  kinds?: readonly BusEventKind[];
}

export type EventListener = (delivered: DeliveredEvent) => void;

export interface ReplayResult {
  /** Events after the given id that match the filter, oldest first. */
  events: DeliveredEvent[];
  /**
   * True when nothing after the id can be missing: the buffer still reaches back to it.
   * False when the id is older than the buffer (or unknown, e.g. from before a restart):
   * a client should reload state from the API.
   */
  complete: boolean;
}

/**
 * Live events across processes: Redis with a Redis URL, this process's memory without.
 * Delivery is in publication order, to every subscriber whose filter matches.
 */
export interface EventBus {
  readonly kind: 'redis' | 'in-process';
  /**
   * Publish an event; resolves with its id. Live events are best effort — callers on a run's
   * critical path catch the rejection and log it rather than fail the run.
   * @throws EventBusUnavailableError when Redis is unreachable or the bus is closed (fails fast).
   */
  publish(event: BusEvent): Promise<string>;
  /** Receive events published from now on. Returns the unsubscribe function. */
  subscribe(filter: EventFilter, listener: EventListener): () => void;
  /** Events after `id` still in the replay buffer (bounded, default 10,000). */
  replaySince(id: string, filter?: EventFilter): Promise<ReplayResult>;
  /** False when publishing would fail now. */
  isHealthy(): boolean;
  /** Stop delivering and close connections. Idempotent. */
  close(): Promise<void>;
}
