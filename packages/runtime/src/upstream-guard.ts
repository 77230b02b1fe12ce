/**
 * The connect guard the providers apply to automations' upstreams: the outbound policy their
 * base URLs were checked against when saved (core's address policy), applied again to the
 * address each connection resolves to, so a name rebound to an internal address since, or a
 * URL stored before the check existed, cannot reach inside the network.
 */
import type { LookupFunction } from 'node:net';
import type { Config } from '@tfbench/core/config';
import { connectionLookup, type Resolver, upstreamOutboundPolicy } from '@tfbench/core/net';

/** The guard a provider client takes (`connectGuard`): a lookup per upstream URL, or a throw. */
export type UpstreamConnectGuard = (url: URL) => LookupFunction;

/**
 * @param mockOrigins the in-process mock servers' origins, always allowed (they listen on loopback).
 * @param resolve how names are resolved (test seam); default: the system resolver.
 */
export function upstreamConnectGuard(
  config: Config,
  mockOrigins: readonly string[],
  resolve?: Resolver,
): UpstreamConnectGuard {
  const policy = upstreamOutboundPolicy(config.outbound, mockOrigins);
  return (url) => connectionLookup(url, policy, resolve);
}
