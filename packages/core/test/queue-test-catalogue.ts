/** A job catalogue with short backoffs and timeouts, so the contract tests run in seconds. */
import { z } from 'zod';
import { defineJob } from '../src/queue/index.js';

export const testCatalogue = {
  'test.echo': defineJob({
    payload: z.object({ n: z.number().int() }).strict(),
    attempts: 1,
    backoff: { type: 'fixed', delayMs: 0 },
    timeoutMs: 10_000,
  }),
  'test.flaky': defineJob({
    payload: z.object({ key: z.string() }).strict(),
    attempts: 3,
    backoff: { type: 'exponential', delayMs: 150 },
    timeoutMs: 10_000,
  }),
  'test.slow': defineJob({
    payload: z.object({ label: z.string() }).strict(),
    attempts: 2,
    backoff: { type: 'fixed', delayMs: 50 },
    timeoutMs: 300,
  }),
  'test.keyed': defineJob({
    payload: z.object({ id: z.number().int() }).strict(),
    attempts: 1,
    backoff: { type: 'fixed', delayMs: 0 },
    timeoutMs: 10_000,
    jobId: (p) => `keyed-${p.id}`,
  }),
} as const;

export type TestCatalogue = typeof testCatalogue;
