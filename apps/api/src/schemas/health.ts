/** Wire schema of GET /health. */
import { z } from 'zod';

export const health = z
  .object({
    status: z.enum(['ok', 'degraded', 'unavailable']).meta({
      description:
        'ok: ready (200); degraded: the database answers but migrations are pending (503); unavailable: the database does not answer (503).',
    }),
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
    version: z.string(),
  })
  .meta({ id: 'Health' });

export type Health = z.input<typeof health>;
