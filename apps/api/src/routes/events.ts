/**
 * GET /api/v1/events: live run and benchmark events as Server-Sent Events, filtered by
 * run_id / benchmark_id / scenario_id. Every event carries an `id:`; a client reconnecting
 * with `Last-Event-ID` first receives what it missed from the bus's bounded replay buffer
 * (shared by all API processes when Redis is configured), then live events, with no gap and
 * no duplicate. Events produced in any worker process reach clients of any API process.
 */

import { ServiceUnavailableError } from '@tfbench/core/errors';
import { BUS_EVENT_KINDS, type EventFilter, subscribeSince } from '@tfbench/core/events';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RouteOptions } from '../deps.js';
import { SseStream } from '../http/sse-stream.js';
import { INT4_MAX, queryInt } from '../schemas/common.js';
import { readErrors } from '../schemas/responses.js';

/** A heartbeat at least this often: proxies commonly drop connections idle for 30-60 s. */
export const DEFAULT_HEARTBEAT_MS = 15_000;

const kind = BUS_EVENT_KINDS.map((k) => k.replace('.', '\\.')).join('|');

const eventsQuery = z
  .object({
    run_id: queryInt(1, INT4_MAX, 'Only events of this run.').optional(),
    benchmark_id: queryInt(1, INT4_MAX, 'Only events of this benchmark and its runs.').optional(),
    scenario_id: queryInt(1, INT4_MAX, 'Only events of this scenario and its runs.').optional(),
    kinds: z
      .string()
      .regex(
        new RegExp(`^(${kind})(,(${kind}))*$`),
        `must be a comma-separated list of ${BUS_EVENT_KINDS.join(', ')}`,
      )
      .optional()
      .meta({
        description: `Comma-separated event kinds to receive (${BUS_EVENT_KINDS.join(', ')}); default all.`,
      }),
    last_event_id: z.string().max(100).optional().meta({
      description: 'Resume after this event id, for clients that cannot send the Last-Event-ID header.',
    }),
  })
  .strict();

export const eventRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { deps }) => {
  const engine = deps.engine;
  if (!engine) return;
  const heartbeatMs = deps.liveEvents?.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
  const open = new Set<SseStream>();
  // Streams never end by themselves; without this, closing the server would wait for them.
  app.addHook('preClose', async () => {
    for (const stream of open) stream.end();
  });

  app.get(
    '',
    {
      config: { access: 'viewer' },
      schema: {
        summary: 'Live events (Server-Sent Events)',
        description:
          'A `text/event-stream` of `run.status`, `run.event` (each PROGRESS with its purpose and offset) and ' +
          '`benchmark.progress` events; the SSE event name is the kind and `data` is the JSON event. Every event ' +
          `has an \`id:\`; reconnect with the \`Last-Event-ID\` header to receive what you missed. A \`: ping\` comment ` +
          `arrives at least every ${DEFAULT_HEARTBEAT_MS / 1000} s. An \`event: resync\` means the events you missed ` +
          'are no longer buffered: reload the state from the API.',
        tags: ['events'],
        querystring: eventsQuery,
        response: { ...readErrors },
      },
    },
    async (request, reply) => {
      const { run_id, benchmark_id, scenario_id, kinds, last_event_id } = request.query;
      const filter: EventFilter = { run_id, benchmark_id, scenario_id };
      if (kinds !== undefined) filter.kinds = kinds.split(',') as EventFilter['kinds'];
      const header = request.headers['last-event-id'];
      const lastEventId = (Array.isArray(header) ? header[0] : header) ?? last_event_id;

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
        if (error instanceof ServiceUnavailableError) throw error;
        throw new ServiceUnavailableError('live events are unavailable right now', undefined, error);
      }
      reply.hijack();
      open.add(stream);
      stream.onClose(() => {
        subscription.unsubscribe();
        open.delete(stream);
      });
      stream.open(subscription.complete);
    },
  );
};
