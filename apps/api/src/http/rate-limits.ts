/**
 * Request rate limits (@fastify/rate-limit), in three allowances per minute:
 *
 * - per client: the credential a request presents, or its address without one
 *   (`TFBENCH_RATE_LIMIT_PER_MIN`);
 * - per address, whatever credentials it presents (`TFBENCH_RATE_LIMIT_IP_PER_MIN`), so that
 *   inventing a credential per request gains nothing;
 * - run-creating requests per client (`TFBENCH_RATE_LIMIT_TRIGGERS_PER_MIN`): each starts
 *   billable work, so they get a much smaller allowance.
 *
 * Counters live in Redis when the API has a connection to it (every API process then shares
 * them), in this process otherwise. A request over an allowance answers 429 `RATE_LIMITED` in
 * the error envelope with `Retry-After`. If Redis fails, requests pass: the limiter must not
 * take the API down with it.
 */
import rateLimit from '@fastify/rate-limit';
import { AppError } from '@tfbench/domain/errors';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { RouteOptions } from '../deps.js';
import { addressKey, clientKey } from './client-identity.js';

const WINDOW_MS = 60_000;

/** Probes (load balancers, orchestrators) call these often from one address; they are cheap. */
const UNLIMITED_PATHS = new Set(['/health']);

export class RateLimitedError extends AppError {
  override readonly name = 'RateLimitedError';

  constructor(what: string, limit: number, retryAfterS: number) {
    super('RATE_LIMITED', 429, `Too many ${what}: at most ${limit} per minute. Retry in ${retryAfterS} s.`, {
      details: { limit_per_minute: limit, retry_after_s: retryAfterS },
    });
  }
}

interface Allowance {
  what: string;
  max: number;
  keyOf: (request: FastifyRequest) => string;
  applies: (request: FastifyRequest) => boolean;
}

type Limiter = (
  request: FastifyRequest,
) => Promise<{ isAllowed: boolean; isExceeded?: boolean; ttlInSeconds?: number }>;

async function rateLimits(app: FastifyInstance, { deps }: RouteOptions): Promise<void> {
  const limits = deps.config.exposure.rateLimits;
  const all: Allowance[] = [
    {
      what: 'requests from this address',
      max: limits.perAddressPerMinute,
      keyOf: (r) => `addr:${addressKey(r)}`,
      applies: () => true,
    },
    { what: 'requests', max: limits.perMinute, keyOf: (r) => `all:${clientKey(r)}`, applies: () => true },
    {
      what: 'runs or benchmarks started',
      max: limits.triggersPerMinute,
      keyOf: (r) => `runs:${clientKey(r)}`,
      // Routes that create runs say so in their config (see queue-admission.ts).
      applies: (r) => r.routeOptions.config?.queuesRuns === true,
    },
  ];
  const allowances = all.filter((allowance) => allowance.max > 0);
  if (allowances.length === 0) return;

  await app.register(rateLimit, {
    global: false,
    skipOnError: true,
    ...(deps.redis ? { redis: deps.redis, nameSpace: `${deps.config.redisPrefix}:rate-limit:` } : {}),
  });
  const limiters = allowances.map((allowance) => ({
    allowance,
    check: app.createRateLimit({
      max: allowance.max,
      timeWindow: WINDOW_MS,
      keyGenerator: allowance.keyOf,
    }) as Limiter,
  }));

  app.addHook('onRequest', async (request, reply) => {
    if (UNLIMITED_PATHS.has(request.url.split('?')[0] ?? '')) return;
    for (const { allowance, check } of limiters) {
      if (!allowance.applies(request)) continue;
      const result = await check(request);
      if (result.isAllowed || !result.isExceeded) continue;
      const retryAfterS = Math.max(1, result.ttlInSeconds ?? 60);
      reply.header('retry-after', String(retryAfterS));
      throw new RateLimitedError(allowance.what, allowance.max, retryAfterS);
    }
  });
}

/** Registered at the root so that its hook sees every route. */
export const rateLimitPlugin = fp(rateLimits, { name: 'tfbench-rate-limits' });
