/**
 * The keep-alive agent of one upstream, which drops an idle pooled socket before the
 * server's announced keep-alive timeout.
 */
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { type ConnectGuard, type GuardedConnect, guardConnect } from './connect-guard.js';

/**
 * A keep-alive agent for one upstream. With a `guard`, every socket it opens resolves the
 * host through the guard's lookup, and none is opened at all when the guard refused the
 * host itself: the request fails with the guard's error before a byte is sent.
 */
export function createAgent(url: URL, maxSockets: number, guard?: ConnectGuard | null): http.Agent {
  const guarded = guardConnect(url, guard);
  const options = {
    keepAlive: true,
    maxSockets,
    maxFreeSockets: Math.min(256, maxSockets),
    scheduling: 'lifo' as const,
    // Node hands agent options to every socket it connects, the lookup included.
    ...(guarded.lookup === undefined ? {} : { lookup: guarded.lookup }),
  };
  return hintedAgent(url.protocol === 'https:', options, guarded);
}

/**
 * The agent for one request on a connection of its own (closed after the exchange): under
 * the same guard as `agent` when it is one of ours, else node's one-off agent (`false`).
 */
export function oneOffAgent(agent: http.Agent): http.Agent | false {
  if (!(agent instanceof HintedHttpAgent || agent instanceof HintedHttpsAgent)) return false;
  const { lookup } = agent.guarded;
  const options = { keepAlive: false, ...(lookup === undefined ? {} : { lookup }) };
  return hintedAgent(agent instanceof HintedHttpsAgent, options, agent.guarded);
}

function hintedAgent(secure: boolean, options: http.AgentOptions, guarded: GuardedConnect): http.Agent {
  const agent = secure ? new HintedHttpsAgent(options) : new HintedHttpAgent(options);
  agent.guarded = guarded;
  return agent;
}

/**
 * Node closes an idle pooled socket this long before the server said it would (node's own
 * HTTP_AGENT_KEEP_ALIVE_TIMEOUT_BUFFER), so our next request does not race the server's close.
 */
export const KEEP_ALIVE_HINT_MARGIN_MS = 1000;

/**
 * The ms a response's `Keep-Alive: timeout=N` header gives us to reuse its socket, less
 * {@link KEEP_ALIVE_HINT_MARGIN_MS}; 0 when that leaves nothing (do not keep the socket),
 * null when the server announced nothing.
 *
 * @example
 * keepAliveHintMs('timeout=5, max=1000'); // 4000
 */
export function keepAliveHintMs(header: string | string[] | undefined): number | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined) return null;
  const match = /(?:^|[\s,;])timeout\s*=\s*(\d+)/i.exec(value);
  if (match === null) return null;
  return Math.max(0, Number(match[1]) * 1000 - KEEP_ALIVE_HINT_MARGIN_MS);
}

/**
 * Drops an idle pooled socket before the server's announced keep-alive timeout. Node 20's
 * Agent reads the `Keep-Alive: timeout=N` hint in keepSocketAlive but applies it only to
 * shorten an agent `timeout` of its own: with none (ours: an agent timeout would also arm
 * an idle timer on every active stream) the hint is ignored, the socket stays pooled until
 * the server closes it, and a request sent as it does is reset (see createRun's one retry
 * for that race, which this makes rarer but cannot rule out: a server that announces
 * nothing can still close whenever it likes).
 */
function keepSocketAliveHinted(socket: Duplex, keep: boolean): boolean {
  if (!keep) return false;
  // The request whose response just ended: node's own keepSocketAlive reads it the same way.
  const res = (socket as { _httpMessage?: { res?: IncomingMessage } })._httpMessage?.res;
  const hint = keepAliveHintMs(res?.headers['keep-alive']);
  if (hint === null) return true;
  if (hint === 0) return false;
  const net = socket as Socket;
  // A timeout already set and shorter (an agent timeout node shortened itself) stands.
  if (!net.timeout || net.timeout > hint) net.setTimeout(hint);
  return true;
}

/** Off again while the socket carries a request: a stream may be silent for longer. */
function reuseHinted(socket: Duplex): void {
  const net = socket as Socket;
  if (net.timeout) net.setTimeout(0);
}

// biome-ignore lint/suspicious/noExplicitAny: a mixin's base constructor must take any arguments.
type AgentClass = new (...args: any[]) => http.Agent;

/**
 * The Agent class `Base` (http's or https's) with the keep-alive hint honoured, and the
 * guard's refusal (if any) given to every socket it would open instead of a connection.
 */
function withKeepAliveHint<Base extends AgentClass>(Base: Base) {
  return class extends Base {
    /** Set once, right after construction (see {@link hintedAgent}). */
    guarded: GuardedConnect = {};

    // Node's Agent calls this for every new socket; a callback error fails the request.
    override createConnection(
      options: http.ClientRequestArgs,
      callback?: (error: Error | null, stream: Duplex) => void,
    ): Duplex | null | undefined {
      if (this.guarded.refusal === undefined) return super.createConnection(options, callback);
      callback?.(this.guarded.refusal, undefined as unknown as Duplex);
      return undefined;
    }

    override keepSocketAlive(socket: Duplex): boolean {
      return keepSocketAliveHinted(socket, super.keepSocketAlive(socket) as unknown as boolean);
    }
    override reuseSocket(socket: Duplex, request: http.ClientRequest): void {
      super.reuseSocket(socket, request);
      reuseHinted(socket);
    }
  };
}

const HintedHttpAgent = withKeepAliveHint(http.Agent);
const HintedHttpsAgent = withKeepAliveHint(https.Agent);
