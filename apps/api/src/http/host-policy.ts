/**
 * Which host names the API answers to and which browser origins may send it requests. A page
 * on another site cannot read the API's answers (CORS is closed), but with DNS rebinding it can
 * make its own name resolve to 127.0.0.1 and talk to a local install as "same origin"; the
 * browser then still sends that foreign name as Host (and the dashboard's proxy passes it on
 * as X-Forwarded-Host). Refusing unknown names closes that door.
 *
 * Accepted host names: loopback names (`localhost`, `*.localhost`), IP literals (a browser
 * that sends one was pointed at that address itself, so no name was rebound), single-label
 * names such as `api` or `benchmarking-api` (service names on a private network, which no
 * outside party's DNS can answer for), the hosts of the public URLs (`TFBENCH_PUBLIC_URL`,
 * `API_URL`), and `TFBENCH_ALLOWED_HOSTS` — where `.example.com` means any name under it, and
 * `*` turns the check off.
 */
import { isIP } from 'node:net';
import type { Config } from '@tfbench/core/config';

export interface HostPolicy {
  /** Exact names, lower case, without port. */
  names: Set<string>;
  /** `.example.com` entries. */
  suffixes: string[];
  /** `TFBENCH_ALLOWED_HOSTS=*`. */
  anyHost: boolean;
  /** Origins (`scheme://host[:port]`) allowed besides those of accepted hosts: the CORS list. */
  corsOrigins: Set<string>;
}

export function hostPolicyOf(config: Config): HostPolicy {
  const { publicUrls, allowedHosts, corsOrigins } = config.exposure.http;
  const names = new Set<string>();
  for (const url of [...publicUrls, config.api.publicUrl]) {
    const name = hostnameOf(new URL(url).host);
    if (name) names.add(name);
  }
  const suffixes: string[] = [];
  for (const entry of allowedHosts) {
    if (entry.startsWith('.')) suffixes.push(entry);
    else if (entry !== '*') names.add(hostnameOf(entry) ?? entry);
  }
  return {
    names,
    suffixes,
    anyHost: allowedHosts.includes('*'),
    corsOrigins: new Set(corsOrigins.map((o) => o.toLowerCase())),
  };
}

/** The host name of a Host header value (`name`, `name:port`, `[v6]:port`), lower case; null if malformed. */
export function hostnameOf(hostHeader: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(`http://${hostHeader}`);
  } catch {
    return null;
  }
  // Anything but a bare host[:port] (user info, a path) is not a Host value.
  const bare =
    parsed.username === '' && parsed.password === '' && parsed.pathname === '/' && parsed.search === '';
  if (parsed.hostname === '' || !bare || /[#\s]/.test(hostHeader)) return null;
  return parsed.hostname.replace(/^\[(.*)\]$/, '$1');
}

/** Whether the API answers to this Host (or X-Forwarded-Host) value. */
export function isAllowedHost(policy: HostPolicy, hostHeader: string): boolean {
  if (policy.anyHost) return true;
  const name = hostnameOf(hostHeader);
  if (name === null) return false;
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  if (isIP(name) !== 0) return true;
  if (!name.includes('.')) return true;
  if (policy.names.has(name)) return true;
  return policy.suffixes.some((suffix) => name.endsWith(suffix));
}

/**
 * Whether a browser page of this Origin may send requests: one of the CORS origins, or an
 * origin whose host the API answers to under the rules above (the dashboard, the API's own
 * docs page). `null` (sandboxed frames, files) never is.
 */
export function isAllowedOrigin(policy: HostPolicy, origin: string): boolean {
  const lower = origin.toLowerCase();
  if (policy.corsOrigins.has(lower)) return true;
  const match = /^https?:\/\/([^/]+)$/.exec(lower);
  return match?.[1] !== undefined && isAllowedHost(policy, match[1]);
}

/**
 * Fastify's `trustProxy` from TFBENCH_TRUST_PROXY: a hop count becomes "trust the nearest n
 * proxies" (Fastify's types accept no number).
 */
export function trustProxyOption(
  value: boolean | number | string,
): boolean | string | ((address: string, hop: number) => boolean) {
  if (typeof value !== 'number') return value;
  return (_address, hop) => hop < value;
}
