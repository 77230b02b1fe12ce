/**
 * Sending a request to a user-given URL without letting it reach blocked addresses. The name
 * is resolved once, every address it resolves to is checked, and the connection goes to the
 * checked address (the agent's `lookup` is ours), so a name cannot pass the check with a
 * public address and then connect to a private one (DNS rebinding). Redirects are not
 * followed: a 3xx is the answer.
 */
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import {
  hostOf,
  isAllowedHost,
  isAllowedOrigin,
  type OutboundPolicy,
  refusedAddressReason,
} from './address-policy.js';

/** A request refused before it was sent; the message names the host and the reason. */
export class OutboundBlockedError extends Error {
  override name = 'OutboundBlockedError';
  readonly code = 'OUTBOUND_BLOCKED';
}

/** Resolves a name to its addresses (default: the system resolver, as `dns.lookup` does). */
export type Resolver = (hostname: string) => Promise<Array<{ address: string; family: number }>>;

const systemResolver: Resolver = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

/**
 * A `lookup` for sockets that resolves with `resolve` and refuses with
 * {@link OutboundBlockedError} when any address is blocked, unless the host is allowlisted
 * (or `exempt`: an allowed origin).
 */
export function guardedLookup(
  policy: OutboundPolicy,
  resolve: Resolver = systemResolver,
  exempt = false,
): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (addresses) => {
        const allowed = exempt || isAllowedHost(policy, hostname);
        const blocked = allowed
          ? undefined
          : addresses.find((entry) => refusedAddressReason(policy, entry.address) !== null);
        if (blocked !== undefined) {
          callback(
            new OutboundBlockedError(
              `${hostname} resolves to ${blocked.address}, ${refusedAddressReason(policy, blocked.address)}; add the host to TFBENCH_ALLOWED_OUTBOUND_HOSTS to allow it`,
            ),
            '',
          );
          return;
        }
        if (addresses.length === 0) {
          callback(Object.assign(new Error(`${hostname} did not resolve`), { code: 'ENOTFOUND' }), '');
          return;
        }
        if (options.all) callback(null, addresses);
        else callback(null, addresses[0]?.address ?? '', addresses[0]?.family ?? 4);
      },
      (error: Error) => callback(error as NodeJS.ErrnoException, ''),
    );
  };
}

/**
 * The `lookup` for connecting to `url` under the policy ({@link guardedLookup}, exempt for an
 * allowlisted host or allowed origin). Throws {@link OutboundBlockedError} for a scheme other
 * than http(s) and for a refused literal address, which never reaches any `lookup`.
 *
 * @example
 * connectionLookup(new URL('http://169.254.169.254/'), STRICT_OUTBOUND_POLICY); // throws OutboundBlockedError
 */
export function connectionLookup(url: URL, policy: OutboundPolicy, resolve?: Resolver): LookupFunction {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new OutboundBlockedError(`${url.protocol} is not allowed; only http(s)`);
  }
  const host = hostOf(url);
  const exempt = isAllowedHost(policy, host) || isAllowedOrigin(policy, url);
  if (!exempt && ipaddr.isValid(host)) {
    const reason = refusedAddressReason(policy, host);
    if (reason !== null) {
      throw new OutboundBlockedError(
        `${host} is ${reason}; add the host to TFBENCH_ALLOWED_OUTBOUND_HOSTS to allow it`,
      );
    }
  }
  return guardedLookup(policy, resolve, exempt);
}

export interface OutboundRequest {
  url: string;
  method: 'POST' | 'GET';
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  policy: OutboundPolicy;
  /** Tests resolve names their own way; default: the system resolver. */
  resolve?: Resolver;
}

export interface OutboundResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
}

/** Most bytes of a response body read (and thrown away) so the connection can close cleanly. */
const MAX_DRAINED_BYTES = 1_000_000;

/**
 * Send one request under the policy. Rejects with {@link OutboundBlockedError} for a blocked
 * literal address or a name resolving to one, with the socket's error otherwise.
 *
 * @example
 * const { status } = await sendOutbound({ url, method: 'POST', headers, body, timeoutMs: 10_000, policy });
 */
export async function sendOutbound(request: OutboundRequest): Promise<OutboundResponse> {
  const url = new URL(request.url);
  const lookup = connectionLookup(url, request.policy, request.resolve);
  const transport = url.protocol === 'https:' ? https : http;
  return await new Promise<OutboundResponse>((resolve, reject) => {
    const req = transport.request(
      url,
      {
        method: request.method,
        headers: request.headers,
        lookup,
        // One connection per request: a pooled socket could outlive the check of its address.
        agent: false,
        signal: AbortSignal.timeout(request.timeoutMs),
      },
      (res) => {
        let drained = 0;
        res.on('data', (chunk: Buffer) => {
          drained += chunk.length;
          if (drained > MAX_DRAINED_BYTES) res.destroy();
        });
        res.on('close', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
        res.on('error', () => undefined);
      },
    );
    req.on('error', reject);
    req.end(request.body);
  });
}
