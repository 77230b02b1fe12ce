/**
 * GET /api/v1/events: live run and benchmark events as Server-Sent Events, filtered by
 * run_id / benchmark_id / scenario_id. Every event carries an `id:`; a client reconnecting
 * with `Last-Event-ID` first receives what it missed from the bus's bounded replay buffer
 * (shared by all API processes when Redis is configured), then live events, with no gap and
 * no duplicate. Events produced in any worker process reach clients of any API process.
 */
import { eventsQuery, streamErrors } from '@tfbench/contract';
import { type EventFilter, subscribeSince } from '@tfbench/core/events';
import { ServiceUnavailableError } from '@tfbench/domain/errors';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { EngineRouteOptions } from '../deps.js';
import { clientKey } from '../http/client-identity.js';
import { SseStream } from '../http/sse-stream.js';
import { StreamSlots } from '../http/stream-slots.js';
import { routeDeclarer } from './declare.js';

/** A heartbeat at least this often: proxies commonly drop connections idle for 30-60 s. */
export const DEFAULT_HEARTBEAT_MS = 15_000;

export const eventRoutes: FastifyPluginAsyncZod<EngineRouteOptions> = async (app, { deps, engine }) => {
  const route = routeDeclarer('events');
  const heartbeatMs = deps.liveEvents?.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
  const open = new Set<SseStream>();
  const slots = new StreamSlots(deps.config.exposure.eventStreams);
  // Streams never end by themselves; without this, closing the server would wait for them.
  app.addHook('preClose', async () => {
    for (const stream of open) stream.end();
  });

  app.get(
    '',
    route('viewer', {
      summary: 'Live events (Server-Sent Events)',
      description:
        'A `text/event-stream` of `run.status`, `run.event` (each PROGRESS with its purpose and offset) and ' +
        '`benchmark.progress` events; the SSE event name is the kind and `data` is the JSON event. Every event ' +
        `has an \`id:\`; reconnect with the \`Last-Event-ID\` header to receive what you missed. A \`: ping\` comment ` +
        `arrives at least every ${DEFAULT_HEARTBEAT_MS / 1000} s. An \`event: resync\` means the events you missed ` +
        'are no longer buffered: reload the state from the API.',
      querystring: eventsQuery,
      response: { ...streamErrors },
    }),
    async (request, reply) => {
      const { run_id, benchmark_id, scenario_id, kinds, last_event_id } = request.query;
      const filter: EventFilter = { run_id, benchmark_id, scenario_id };
      if (kinds !== undefined) filter.kinds = kinds.split(',') as EventFilter['kinds'];
      const header = request.headers['last-event-id'];
      const lastEventId = (Array.isArray(header) ? header[0] : header) ?? last_event_id;

      const release = slots.acquire(clientKey(request));
      const stream = new SseStream(reply.raw, {
        heartbeatMs,
        retryMs: 3_000,
        maxBufferedBytes: 1024 * 1024,
      });
      // Subscribe (and replay) before answering, so a bus that cannot replay answers 503 in
      // the error envelope instead of an empty stream.
      let subscription: Awaited<ReturnType<typeof subscribeSince>>;
      try {
        subscription = await subscribeSince(engine.context.bus, filter, lastEventId, (d) => stream.send(d));
      } catch (error) {
        release();
        if (error instanceof ServiceUnavailableError) throw error;
        throw new ServiceUnavailableError('live events are unavailable right now', undefined, error);
      }
      reply.hijack();
      open.add(stream);
      stream.onClose(() => {
        subscription.unsubscribe();
        open.delete(stream);
        release();
      });
      stream.open(subscription.complete);
    },
  );
};
