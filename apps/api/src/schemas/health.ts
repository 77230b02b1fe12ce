/** Wire schema of GET /health. */
import { z } from 'zod';

const status = z.enum(['ok', 'degraded', 'unavailable']).meta({
  description:
    'ok: ready (200); degraded: the database answers but migrations are pending (503); unavailable: the database does not answer (503).',
});

/** What callers without a credential get. */
export const healthStatus = z.object({ status }).strict().meta({ id: 'HealthStatus' });

export const health = z
  .object({
    status,
    database: z.object({
      kind: z.enum(['pglite', 'postgres']).meta({ description: 'Embedded PGlite or a PostgreSQL server.' }),
      reachable: z.boolean(),
      latency_ms: z
        .number()
        .nullable()
        .meta({ description: 'Round trip of a trivial query; null when unreachable.' }),
    }),
    migrations: z
      .object({
        current: z.boolean().meta({ description: 'True when every migration is applied.' }),
        applied: z.number().int().meta({ description: 'How many migrations are applied.' }),
        pending: z.number().int().meta({ description: 'How many migrations are not applied yet.' }),
        latest: z.string().nullable().meta({ description: 'Tag of the newest applied migration.' }),
      })
      .nullable()
      .meta({ description: 'null when the database cannot be asked.' }),
    mode: z.enum(['mock', 'live']).meta({ description: 'mock: runs go to the built-in mock TinyFish.' }),
    queue: z
      .object({
        kind: z.enum(['bullmq', 'in-process']).meta({ description: 'BullMQ on Redis, or in this process.' }),
        healthy: z.boolean().meta({
          description:
            'false while Redis is unreachable: new runs are refused with 503 (reads keep working) and queued work resumes when it is back.',
        }),
        events: z.enum(['redis', 'in-process']).meta({ description: 'Where live events travel.' }),
        embedded_worker: z.boolean().meta({ description: 'Whether this process executes runs itself.' }),
      })
      .nullable()
      .meta({
        description: 'The run engine of this process; null when it has none. Does not change status.',
      }),
    version: z.string(),
  })
  .meta({ id: 'Health' });

export type Health = z.input<typeof health>;
