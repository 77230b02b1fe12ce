/** Where a request comes from, as far as the API can tell without trusting the client. */
import { DASHBOARD_REACH_HEADER } from '@tfbench/contract';
import { isLoopbackHost } from '@tfbench/core/config';
import type { FastifyRequest } from 'fastify';

/**
 * True when the connection comes from this machine, no proxy says it forwarded it for someone
 * else, and the browser asked for this machine by a loopback name. A local reverse proxy (or
 * the dashboard's server) connects from loopback too, but names the real client in
 * X-Forwarded-For / Forwarded / X-Real-IP, and the name the browser used in X-Forwarded-Host:
 * any of those that is not loopback makes the request remote. A browser can write those headers
 * itself, so a request the dashboard forwarded counts as local only when the dashboard says it
 * listens on loopback alone (DASHBOARD_REACH_HEADER).
 */
export function isLoopbackClient(request: FastifyRequest): boolean {
  if (!isLoopbackHost(request.socket.remoteAddress ?? '')) return false;
  const reach = request.headers[DASHBOARD_REACH_HEADER];
  if (reach !== undefined && reach !== 'loopback') return false;
  const forwarded = [
    ...headerValues(request.headers['x-forwarded-for']).flatMap((v) => v.split(',')),
    ...headerValues(request.headers['x-real-ip']),
    ...headerValues(request.headers.forwarded).flatMap((v) =>
      [...v.matchAll(/for="?\[?([^;,"\]]+)/gi)].map((m) => m[1] ?? ''),
    ),
  ].map((address) => address.trim().replace(/^(\d+\.\d+\.\d+\.\d+):\d+$/, '$1'));
  const hosts = [
    ...headerValues(request.headers.host),
    ...headerValues(request.headers['x-forwarded-host']).flatMap((v) => v.split(',')),
  ].map(hostName);
  return [...forwarded, ...hosts].every(isLoopbackHost);
}

/** The host name of a Host header value: `[::1]:3000` -> `::1`, `localhost:3000` -> `localhost`. */
function hostName(value: string): string {
  const trimmed = value.trim();
  const bracketed = /^\[([^\]]+)\]/.exec(trimmed);
  if (bracketed) return bracketed[1] ?? '';
  return trimmed.replace(/:\d+$/, '');
}

function headerValues(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
