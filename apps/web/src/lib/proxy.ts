/**
 * Forwarding of `/api/*` requests from the dashboard's origin to the tfbench API. Kept apart
 * from the route file so it can be tested against a real upstream server without Next.js.
 */
import { DASHBOARD_REACH_HEADER } from '@tfbench/contract';
import { getWebConfig } from './config';

/** Headers that describe one hop of a connection and must not be copied to the next. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'content-length',
]);

function isEventStream(headers: Headers): boolean {
  return headers.get('content-type')?.toLowerCase().startsWith('text/event-stream') ?? false;
}

function errorResponse(status: number, code: string, message: string): Response {
  return Response.json({ error: { code, message, details: null } }, { status });
}

function describeFailure(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = cause && typeof cause === 'object' && 'code' in cause ? String(cause.code) : undefined;
  return code ?? (cause instanceof Error ? cause.message : String(cause));
}

/**
 * Sends `request` on to `apiUrl` (same path and query) and streams the answer back.
 *
 * @example
 * // GET http://localhost:3000/api/v1/runs?limit=5 -> GET http://localhost:8000/api/v1/runs?limit=5
 * const response = await proxyRequest(request, 'http://localhost:8000');
 */
export async function proxyRequest(
  request: Request,
  apiUrl: string,
  { loopbackOnly = false }: { loopbackOnly?: boolean } = {},
): Promise<Response> {
  const incoming = new URL(request.url);
  const target = `${apiUrl}${incoming.pathname}${incoming.search}`;

  const headers = new Headers();
  request.headers.forEach((value, key) => {
    if (!HOP_BY_HOP.has(key.toLowerCase())) headers.set(key, value);
  });
  // Ask for an uncompressed body: fetch would decompress it anyway, and an event stream must
  // not wait for a compressor to fill its window.
  headers.set('accept-encoding', 'identity');
  headers.set('x-forwarded-host', incoming.host);
  headers.set('x-forwarded-proto', incoming.protocol.replace(':', ''));
  // Forwarding headers a browser sent cannot be told from real ones here (the socket's address
  // is not visible to a route handler): what the API may trust is how this server listens.
  headers.set(DASHBOARD_REACH_HEADER, loopbackOnly ? 'loopback' : 'network');

  const hasBody = request.method !== 'GET' && request.method !== 'HEAD' && request.body !== null;
  let upstream: Response;
  try {
    upstream = await fetch(target, {
      method: request.method,
      headers,
      body: hasBody ? request.body : undefined,
      // Required by fetch to send a streamed request body.
      ...(hasBody ? { duplex: 'half' } : {}),
      redirect: 'manual',
      signal: request.signal,
      cache: 'no-store',
    } as RequestInit);
  } catch (error) {
    if (request.signal.aborted) return new Response(null, { status: 499 });
    return errorResponse(
      502,
      'API_UNREACHABLE',
      `The tfbench API at ${apiUrl} did not answer (${describeFailure(error)}). Start it (npm start) or set API_URL for the dashboard.`,
    );
  }

  const responseHeaders = new Headers();
  upstream.headers.forEach((value, key) => {
    const lower = key.toLowerCase();
    if (HOP_BY_HOP.has(lower) || lower === 'content-encoding') return;
    responseHeaders.append(key, value);
  });
  if (isEventStream(upstream.headers)) {
    // `no-transform` keeps the compression middleware of `next start` from buffering the
    // stream; `X-Accel-Buffering` does the same for an nginx in front.
    responseHeaders.set('cache-control', 'no-cache, no-transform');
    responseHeaders.set('x-accel-buffering', 'no');
  }

  return new Response(request.method === 'HEAD' ? null : upstream.body, {
    status: upstream.status,
    statusText: upstream.statusText,
    headers: responseHeaders,
  });
}

/** `proxyRequest` to the configured API. */
export function forwardToApi(request: Request): Promise<Response> {
  const { apiUrl, loopbackOnly } = getWebConfig();
  return proxyRequest(request, apiUrl, { loopbackOnly });
}
