/**
 * What browsers may do with the API: requests must name a host the API answers to (Host and,
 * from the dashboard's proxy, X-Forwarded-Host) and come from an allowed Origin when they
 * carry one (see host-policy.ts), else 403 in the error envelope. CORS stays closed — no
 * Access-Control-* headers, so other sites' pages cannot read answers — unless
 * `TFBENCH_CORS_ORIGINS` lists origins, which then may call the API with credentials.
 *
 * `/health` is exempt from the host check: probes call it by whatever name or address their
 * platform uses, and it reveals nothing without credentials.
 */
import cors from '@fastify/cors';
import { AppError } from '@tfbench/domain/errors';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { RouteOptions } from '../deps.js';
import { hostPolicyOf, isAllowedHost, isAllowedOrigin } from './host-policy.js';

export class HostNotAllowedError extends AppError {
  override readonly name = 'HostNotAllowedError';

  constructor(header: string, value: string) {
    super(
      header === 'origin' ? 'ORIGIN_NOT_ALLOWED' : 'HOST_NOT_ALLOWED',
      403,
      header === 'origin'
        ? 'Requests from this page origin are not allowed; list it in TFBENCH_CORS_ORIGINS or TFBENCH_PUBLIC_URL.'
        : 'This host name is not served here; add it to TFBENCH_PUBLIC_URL or TFBENCH_ALLOWED_HOSTS.',
      {
        details: [
          { field: `headers.${header}`, message: `${JSON.stringify(value.slice(0, 200))} is not allowed` },
        ],
      },
    );
  }
}

const EXEMPT_PATHS = new Set(['/health']);

function headerValues(request: FastifyRequest, name: string): string[] {
  const raw = request.headers[name];
  const joined = Array.isArray(raw) ? raw.join(',') : raw;
  return joined === undefined ? [] : joined.split(',').map((v) => v.trim());
}

async function browserAccess(app: FastifyInstance, { deps }: RouteOptions): Promise<void> {
  const policy = hostPolicyOf(deps.config);
  app.addHook('onRequest', async (request) => {
    if (EXEMPT_PATHS.has(request.url.split('?')[0] ?? '')) return;
    for (const header of ['host', 'x-forwarded-host']) {
      for (const value of headerValues(request, header)) {
        if (!isAllowedHost(policy, value)) throw new HostNotAllowedError(header, value);
      }
    }
    const origin = request.headers.origin;
    if (origin !== undefined && !isAllowedOrigin(policy, origin)) {
      throw new HostNotAllowedError('origin', origin);
    }
  });

  const origins = deps.config.exposure.http.corsOrigins;
  if (origins.length > 0) {
    await app.register(cors, {
      origin: origins,
      credentials: true,
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: ['authorization', 'x-api-key', 'content-type', 'x-csrf-token', 'last-event-id'],
      exposedHeaders: ['retry-after', 'x-total-count', 'x-next-cursor', 'location'],
      maxAge: 600,
    });
  }
}

/** Registered at the root so that its hook sees every route. */
export const browserAccessPlugin = fp(browserAccess, { name: 'tfbench-browser-access' });
