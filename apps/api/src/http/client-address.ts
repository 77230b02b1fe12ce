/** Where a request comes from, as far as the API can tell without trusting the client. */
import { isLoopbackHost } from '@tfbench/core/config';
import type { FastifyRequest } from 'fastify';

/**
 * True when the connection comes from this machine and no proxy says it forwarded it for
 * someone else. A local reverse proxy (or the dashboard's server) connects from loopback
 * too, but names the real client in X-Forwarded-For / Forwarded / X-Real-IP: any such
 * address that is not loopback makes the request remote.
 */
export function isLoopbackClient(request: FastifyRequest): boolean {
  if (!isLoopbackHost(request.socket.remoteAddress ?? '')) return false;
  const forwarded = [
    ...headerValues(request.headers['x-forwarded-for']).flatMap((v) => v.split(',')),
    ...headerValues(request.headers['x-real-ip']),
    ...headerValues(request.headers.forwarded).flatMap((v) =>
      [...v.matchAll(/for="?\[?([^;,"\]]+)/gi)].map((m) => m[1] ?? ''),
    ),
  ];
  return forwarded.every((address) =>
    isLoopbackHost(address.trim().replace(/^(\d+\.\d+\.\d+\.\d+):\d+$/, '$1')),
  );
}

function headerValues(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
