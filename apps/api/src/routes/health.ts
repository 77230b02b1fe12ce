/** GET /health: is the database reachable, are migrations current, mock or live, which version. */
import * as wire from '@tfbench/contract';
import { getDatabaseHealth } from '@tfbench/core/services';
import { z } from 'zod';
import { routePlugin } from './declare.js';

/** How long /health waits for the database before calling it unreachable. */
const DATABASE_TIMEOUT_MS = 2_000;

export const healthRoutes = routePlugin('system', (app, { route, services, deps }) => {
  app.get(
    '/health',
    route('public', {
      summary: 'Health of the service',
      description:
        'Answers 200 when the database is reachable and its migrations are current, 503 otherwise ' +
        '(a load balancer should then send traffic elsewhere). Without credentials only `status`; ' +
        'with an API key, a session or the METRICS_TOKEN bearer, the details.',
      response: {
        200: z
          .union([wire.health, wire.healthStatus])
          .meta({ description: 'Ready: the database answers and is migrated.' }),
        503: z.union([wire.health, wire.healthStatus]).meta({
          description: 'Not ready: the database does not answer, or migrations are pending.',
        }),
      },
    }),
    async (request, reply) => {
      const database = await getDatabaseHealth(services, { timeoutMs: DATABASE_TIMEOUT_MS });
      const migrations = database.migrations;
      const report: wire.Health = {
        status: !database.reachable ? 'unavailable' : migrations?.current ? 'ok' : 'degraded',
        database: { kind: database.kind, reachable: database.reachable, latency_ms: database.latency_ms },
        migrations: migrations && {
          current: migrations.current,
          applied: migrations.applied.length,
          pending: migrations.pending.length,
          latest: migrations.applied.at(-1) ?? null,
        },
        mode: deps.config.tinyfish.mockMode ? 'mock' : 'live',
        queue: deps.engine
          ? {
              kind: deps.engine.context.queue.kind,
              healthy: deps.engine.context.queue.isHealthy(),
              events: deps.engine.context.bus.kind,
              embedded_worker: deps.engine.workerStarted,
            }
          : null,
        version: deps.config.version,
      };
      const code = report.status === 'ok' ? 200 : 503;
      // Versions and topology help an attacker more than a load balancer: callers without a
      // credential learn only the status.
      if (request.principal.kind === 'anonymous') return reply.code(code).send({ status: report.status });
      return reply.code(code).send(report);
    },
  );
});
