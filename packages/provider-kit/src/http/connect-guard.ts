/**
 * The address guard of an upstream's connections. Upstream base URLs are user-given, so the
 * address a connection reaches is checked when the socket is opened, not only when the URL
 * was stored: a name may resolve elsewhere by then (DNS rebinding). The policy itself is the
 * caller's (the composition root passes it in); this package only applies it.
 */
import type { LookupFunction } from 'node:net';

/**
 * Given an upstream's URL, the `lookup` its sockets resolve names with: it refuses a
 * forbidden address by calling back an error whose `code` is `OUTBOUND_BLOCKED`. Throws
 * such an error to refuse the host outright — a forbidden literal address, which node
 * connects to without calling any lookup.
 */
export type ConnectGuard = (url: URL) => LookupFunction;

/** What an agent's sockets are opened with under a guard: a lookup, or a refusal of every socket. */
export interface GuardedConnect {
  lookup?: LookupFunction;
  refusal?: Error;
}

/** Apply `guard` (if any) to `url` once, when its agent is made. */
export function guardConnect(url: URL, guard: ConnectGuard | null | undefined): GuardedConnect {
  if (guard === null || guard === undefined) return {};
  try {
    return { lookup: guard(url) };
  } catch (error) {
    return { refusal: error instanceof Error ? error : new Error(String(error)) };
  }
}
