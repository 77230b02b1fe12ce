/**
 * Which addresses tfbench may send requests to. URLs that users store (webhooks now,
 * upstream base URLs later) must not turn tfbench into a proxy into its own network: an
 * address in the loopback, private, link-local (cloud metadata lives at 169.254.169.254),
 * CGNAT, multicast, reserved or unspecified ranges — IPv4 or IPv6, IPv4-mapped IPv6 included —
 * is refused unless its host is allowlisted (`TFBENCH_ALLOWED_OUTBOUND_HOSTS`), or — for
 * loopback only — the policy says `allowLoopback`.
 */
import ipaddr from 'ipaddr.js';

/** What outbound requests may reach beyond the public internet. */
export interface OutboundPolicy {
  /** Hosts (names or literal addresses, lower case) allowed whatever they resolve to. */
  allowedHosts: readonly string[];
  /** Origins (scheme://host:port) always allowed, such as the built-in mock TinyFish. */
  allowedOrigins?: readonly string[];
  /**
   * Loopback addresses and local names (localhost) allowed too. Local LLM servers (vLLM,
   * Ollama, llama.cpp) listen on loopback, and an API that itself binds only loopback is no
   * door into anyone else's network; private, link-local and metadata ranges stay refused.
   */
  allowLoopback?: boolean;
}

/**
 * The policy an automation's upstream base URL is held to, both when it is saved and when a
 * run connects to it: the allowlist, loopback while the API binds loopback, and `origins`
 * (the in-process mock servers of mock mode).
 */
export function upstreamOutboundPolicy(
  outbound: { allowedHosts: readonly string[]; upstreamLoopbackAllowed: boolean },
  origins: readonly string[] = [],
): OutboundPolicy {
  return {
    allowedHosts: outbound.allowedHosts,
    allowLoopback: outbound.upstreamLoopbackAllowed,
    ...(origins.length === 0 ? {} : { allowedOrigins: origins }),
  };
}

/** No exceptions: only public unicast addresses. */
export const STRICT_OUTBOUND_POLICY: OutboundPolicy = { allowedHosts: [] };

const RANGE_WORDS: Record<string, string> = {
  loopback: 'a loopback address',
  private: 'a private address',
  uniqueLocal: 'a private (unique local) address',
  linkLocal: 'a link-local address (cloud metadata lives there)',
  carrierGradeNat: 'a carrier-grade NAT address',
  multicast: 'a multicast address',
  broadcast: 'the broadcast address',
  unspecified: 'the unspecified address',
};

/** The host of a URL as addresses and allowlists spell it: lower case, IPv6 without brackets. */
export function hostOf(url: URL): string {
  return url.hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
}

/**
 * Why `address` (a literal IP) may not be connected to, or null when it is a public unicast
 * address. IPv4-mapped IPv6 (::ffff:127.0.0.1) is judged as the IPv4 address it carries.
 *
 * @example
 * blockedAddressReason('169.254.169.254'); // 'a link-local address (cloud metadata lives there)'
 * blockedAddressReason('8.8.8.8'); // null
 */
export function blockedAddressReason(address: string): string | null {
  if (!ipaddr.isValid(address)) return 'not an IP address';
  const parsed = ipaddr.process(address);
  const range = parsed.range();
  if (range === 'unicast') return null;
  // Reserved, documentation, 6to4, NAT64, Teredo and the like: none is a webhook receiver,
  // and several embed an IPv4 address that could be a private one.
  return RANGE_WORDS[range] ?? `a reserved address (${range})`;
}

/**
 * Why the policy refuses `address` (a literal IP), or null when it may be connected to:
 * {@link blockedAddressReason}, except loopback under `allowLoopback`.
 */
export function refusedAddressReason(policy: OutboundPolicy, address: string): string | null {
  const reason = blockedAddressReason(address);
  return reason === RANGE_WORDS.loopback && policy.allowLoopback === true ? null : reason;
}

/** localhost and *.localhost: names that always mean this machine. */
function isLocalName(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost');
}

/** Whether the policy lets requests go to `host` whatever it resolves to. */
export function isAllowedHost(policy: OutboundPolicy, host: string): boolean {
  return policy.allowedHosts.includes(host.toLowerCase());
}

export function isAllowedOrigin(policy: OutboundPolicy, url: URL): boolean {
  return (policy.allowedOrigins ?? []).some((origin) => {
    try {
      return new URL(origin).origin === url.origin;
    } catch {
      return false;
    }
  });
}

/**
 * Why a URL may not be stored as an outbound target, or null when it may: it must be
 * http(s), and unless its host is allowlisted it must not name a blocked address literally
 * nor a local name (localhost, *.localhost). Names that resolve to blocked addresses are
 * caught when the request is sent ({@link guardedLookup}).
 *
 * @example
 * outboundUrlProblem('gopher://127.0.0.1:6379/_FLUSHALL', STRICT_OUTBOUND_POLICY);
 * // 'must be an http(s) URL; gopher: is not allowed'
 */
export function outboundUrlProblem(value: string, policy: OutboundPolicy): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an http(s) URL such as https://hooks.example.com/path';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `must be an http(s) URL; ${url.protocol} is not allowed`;
  }
  const host = hostOf(url);
  if (isAllowedHost(policy, host) || isAllowedOrigin(policy, url)) return null;
  const reason = ipaddr.isValid(host)
    ? refusedAddressReason(policy, host)
    : isLocalName(host) && policy.allowLoopback !== true
      ? 'a local name'
      : null;
  if (reason === null) return null;
  return `points at ${host}, ${reason}; add the host to TFBENCH_ALLOWED_OUTBOUND_HOSTS to allow it`;
}
