/**
 * A pooled keep-alive socket that the server closes just as the next run is sent on it.
 * A real TCP proxy on loopback sits between the client and the mock: it forwards bytes
 * both ways and, per test, kills a connection at the moment a request's first bytes
 * arrive on it (RST, or FIN: node's "socket hang up"), without ever passing that request
 * to the mock. The mock's request log then says which POSTs reached a handler.
 */
import http, { type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { ExecuteRequest, RunOutcome } from '@tfbench/domain/provider';
import { createAgent, keepAliveHintMs, startExchange } from '@tfbench/provider-kit/http';
import { isStaleKeepAlive, STALE_SOCKET_REASON, STALE_SOCKET_WINDOW_MS } from '@tfbench/provider-kit/retry';
import { performanceClock } from '@tfbench/provider-kit/timing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTinyFishProvider, type TinyFishProvider } from '../src/index.js';
import { API_KEY, collector, inputs, quickModel, requestsTo, useMock } from './helpers.js';

/** What the proxy does with the n-th request (1-based) on a connection. */
type Action = 'forward' | 'reset' | 'hangup' | 'partial-then-hangup' | 'late-reset';

interface ProxyConnection {
  id: number;
  /** Requests whose first bytes arrived on this connection, with what was done to each. */
  requests: Action[];
}

interface KillerProxy {
  url: string;
  connections: ProxyConnection[];
  /** Decides the action for request `n` on connection `connectionId`; default forward. */
  plan: (connectionId: number, n: number) => Action;
  /** Resolves once every byte of a response the mock ended has gone to the client. */
  responsesEnded: () => number;
  close(): Promise<void>;
}

/**
 * A byte-level proxy to `target`. A client byte that arrives after the previous response
 * began (or first on the connection) starts a new request: node sends a request whole
 * before the answer starts, and sends no second one before the first was answered.
 */
async function startKillerProxy(targetPort: number): Promise<KillerProxy> {
  const sockets = new Set<Socket>();
  let ended = 0;
  const proxy: KillerProxy = {
    url: '',
    connections: [],
    plan: () => 'forward',
    responsesEnded: () => ended,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server: Server = createServer((client) => {
    const record: ProxyConnection = { id: proxy.connections.length + 1, requests: [] };
    proxy.connections.push(record);
    const upstream = connect(targetPort, '127.0.0.1');
    sockets.add(client);
    sockets.add(upstream);
    let awaitingRequest = true;
    let killed = false;
    client.on('data', (chunk: Buffer) => {
      if (killed) return;
      if (awaitingRequest) {
        awaitingRequest = false;
        const action = proxy.plan(record.id, record.requests.length + 1);
        record.requests.push(action);
        if (action !== 'forward') {
          killed = true;
          upstream.destroy();
          if (action === 'reset') client.resetAndDestroy();
          else if (action === 'hangup') client.end();
          // Held past the stale-socket window, as a NAT dropping a blocking /run would.
          else if (action === 'late-reset')
            setTimeout(() => client.resetAndDestroy(), STALE_SOCKET_WINDOW_MS + 300);
          // Part of a status line, then FIN: bytes of a response arrived, no response did.
          else client.end('HTTP/1.1 200 OK\r\n');
          return;
        }
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      awaitingRequest = true;
      client.write(chunk);
      // The last chunk of a chunked body (the SSE stream) or of any small JSON answer.
      if (chunk.subarray(-5).toString() === '0\r\n\r\n') ended++;
    });
    const closeBoth = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', closeBoth);
    client.on('close', closeBoth);
    // Once the proxy has killed the client side its own way, the upstream's end is no news.
    const upstreamGone = () => {
      if (killed) upstream.destroy();
      else closeBoth();
    };
    upstream.on('error', upstreamGone);
    upstream.on('close', upstreamGone);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}

const { mock } = useMock();
let proxy: KillerProxy;
let provider: TinyFishProvider;

beforeAll(async () => {
  proxy = await startKillerProxy(Number(new URL(mock().url).port));
});
afterEach(async () => {
  await provider?.close();
  proxy.connections.length = 0;
  proxy.plan = () => 'forward';
});
afterAll(async () => {
  await proxy.close();
});

function freshProvider(): TinyFishProvider {
  provider = createTinyFishProvider({ baseUrl: proxy.url, apiKey: API_KEY, mock: true });
  return provider;
}

/** One run that completes and leaves its connection idle in the client's pool. */
async function warmUp(client: TinyFishProvider): Promise<RunOutcome> {
  const before = proxy.responsesEnded();
  const outcome = await client.execute({ inputs: inputs(quickModel({ steps: 1 })) });
  expect(outcome.status).toBe('completed');
  // COMPLETE settles the run; the socket goes back to the pool once the body's end is read.
  for (let i = 0; i < 100 && proxy.responsesEnded() === before; i++) await sleep(5);
  await sleep(20);
  return outcome;
}

/** Forward everything but the second request on the first connection: the pooled socket, reused. */
function onReuse(action: Action): (connection: number, n: number) => Action {
  return (connection, n) => (connection === 1 && n === 2 ? action : 'forward');
}

/** One run through the proxy under `plan`; by default after a warm-up run left its socket pooled. */
async function executeUnder(
  plan: (connection: number, n: number) => Action,
  settings: ExecuteRequest['settings'],
  { warm = true } = {},
): Promise<RunOutcome> {
  const client = freshProvider();
  if (warm) await warmUp(client);
  proxy.plan = plan;
  return client.execute({ inputs: inputs(), settings });
}

describe('a stale pooled socket', () => {
  for (const kill of ['reset', 'hangup'] as const) {
    it(`retries the run once on a fresh connection when the server ${kill === 'reset' ? 'resets' : 'hangs up on'} the reused socket`, async () => {
      const client = freshProvider();
      const first = await warmUp(client);
      proxy.plan = onReuse(kill);

      const c = collector();
      const second = await client.execute({
        inputs: inputs(quickModel({ steps: 2 })),
        settings: { retry: { max_attempts: 1 } },
        onEvent: c.onEvent,
      });

      // The proxy killed the 2nd request on the warm connection (so it was reused) and the
      // retry came on a new connection, which carried nothing else.
      expect(proxy.connections.map((p) => p.requests)).toEqual([['forward', kill], ['forward']]);
      expect(second.status).toBe('completed');
      expect(second.upstream_run_id).not.toBeNull();
      expect(second.upstream_run_id).not.toBe(first.upstream_run_id);
      // One POST per run reached the mock's handler: the killed one never did.
      expect(requestsTo(mock(), 'POST /v1/automation/run-sse')).toHaveLength(2);

      // Retried even with retry.max_attempts 1: the upstream refused nothing.
      expect(second.attempts).toHaveLength(2);
      const [stale, ok] = second.attempts;
      expect(stale).toMatchObject({
        attempt: 1,
        http_status: null,
        error_code: 'NETWORK_ERROR',
        retry_after_ms: null,
        wait_ms: 0,
      });
      expect(stale?.error).toContain(STALE_SOCKET_REASON);
      expect(stale?.error).toMatch(/ECONNRESET|EPIPE/);
      expect(ok).toMatchObject({ attempt: 2, http_status: 200, error_code: null, wait_ms: null });
      expect(c.of('RETRY')).toHaveLength(1);
      expect(c.of('RETRY')[0]?.payload).toMatchObject({
        attempt: 1,
        error_code: 'NETWORK_ERROR',
        wait_ms: 0,
        reason: STALE_SOCKET_REASON,
      });

      // As with every retry, figures count from the first attempt's t0 and retry_wait_ms
      // is where the final attempt began.
      expect(second.metrics.retry_wait_ms).toBe(ok?.at_ms);
      expect(ok?.at_ms).toBeGreaterThanOrEqual(0);
      expect(second.metrics.ttft_ms).toBeGreaterThan(ok?.at_ms as number);
      expect(second.metrics.time_to_headers_ms).toBeGreaterThan(ok?.at_ms as number);
      expect(second.error).toBeNull();
    });
  }

  it('ends the run when the retry itself is reset on its fresh connection', async () => {
    const outcome = await executeUnder(
      (connection, n) => ((connection === 1 && n === 2) || connection === 2 ? 'reset' : 'forward'),
      { retry: { max_attempts: 3 } },
    );
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toMatchObject({ code: 'NETWORK_ERROR', details: { cause: 'ECONNRESET' } });
    expect(outcome.attempts).toHaveLength(2);
    expect(outcome.attempts[0]?.error).toContain(STALE_SOCKET_REASON);
    expect(outcome.attempts[1]?.error).not.toContain(STALE_SOCKET_REASON);
    expect(requestsTo(mock(), 'POST /v1/automation/run-sse')).toHaveLength(1);
  });

  it('does not retry a reset on a fresh (not reused) socket', async () => {
    const outcome = await executeUnder(() => 'reset', { retry: { max_attempts: 3 } }, { warm: false });
    expectOneNetworkFailure(outcome, [['reset']]);
    expect(outcome.error).toMatchObject({ details: { cause: 'ECONNRESET' } });
    expect(outcome.attempts[0]?.error).not.toContain(STALE_SOCKET_REASON);
    expect(requestsTo(mock(), 'POST /v1/automation/run-sse')).toHaveLength(0);
  });

  it('does not retry when bytes of a response had arrived on the reused socket', async () => {
    const outcome = await executeUnder(onReuse('partial-then-hangup'), { retry: { max_attempts: 3 } });
    expectOneNetworkFailure(outcome, [['forward', 'partial-then-hangup']]);
    expect(outcome.attempts[0]?.error).not.toContain(STALE_SOCKET_REASON);
    expect(requestsTo(mock(), 'POST /v1/automation/run-sse')).toHaveLength(1);
  });

  it('does not retry a reset on a reused socket that comes after the stale-socket window', async () => {
    const outcome = await executeUnder(onReuse('late-reset'), { mode: 'sync' });
    expectOneNetworkFailure(outcome, [['forward', 'late-reset']]);
    expect(outcome.error).toMatchObject({ details: { cause: 'ECONNRESET' } });
    expect(outcome.attempts[0]?.duration_ms).toBeGreaterThan(STALE_SOCKET_WINDOW_MS);
    expect(requestsTo(mock(), 'POST /v1/automation/run')).toHaveLength(0);
  });

  it('retries a reconcile (GET /v1/runs/{id}) once on a fresh connection', async () => {
    const client = freshProvider();
    const first = await warmUp(client);
    proxy.plan = onReuse('reset');
    const answer = await client.reconcile(first.upstream_run_id as string);
    expect(answer).toMatchObject({ state: 'terminal', status: 'completed' });
    expect(proxy.connections.map((p) => p.requests)).toEqual([['forward', 'reset'], ['forward']]);
    expect(requestsTo(mock(), 'GET /v1/runs/{id}')).toHaveLength(1);
  });
});

describe('isStaleKeepAlive', () => {
  const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
  const base = { kind: 'network', cause: reset, reusedSocket: true, responseBytes: false, sinceSocketMs: 1 };
  it('holds only for a reset, EPIPE or hang-up on a reused socket before any response byte', () => {
    expect(isStaleKeepAlive(base)).toBe(true);
    expect(
      isStaleKeepAlive({ ...base, cause: Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }) }),
    ).toBe(true);
    expect(isStaleKeepAlive({ ...base, cause: new Error('socket hang up') })).toBe(true);
    expect(isStaleKeepAlive({ ...base, reusedSocket: false })).toBe(false);
    expect(isStaleKeepAlive({ ...base, responseBytes: true })).toBe(false);
    expect(isStaleKeepAlive({ ...base, kind: 'headers_timeout' })).toBe(false);
    expect(isStaleKeepAlive({ ...base, sinceSocketMs: STALE_SOCKET_WINDOW_MS + 1 })).toBe(false);
    expect(isStaleKeepAlive({ ...base, sinceSocketMs: null })).toBe(false);
    expect(
      isStaleKeepAlive({ ...base, cause: Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' }) }),
    ).toBe(false);
  });
});

describe("the server's Keep-Alive hint", () => {
  it('reads timeout=N less a 1 s margin', () => {
    expect(keepAliveHintMs(undefined)).toBeNull();
    expect(keepAliveHintMs('max=100')).toBeNull();
    expect(keepAliveHintMs('timeout=5')).toBe(4000);
    expect(keepAliveHintMs('max=100, timeout=75')).toBe(74_000);
    expect(keepAliveHintMs('timeout=1')).toBe(0);
  });

  it('drops an idle pooled socket before the server would close it, and not while in use', async () => {
    // node:http announces `Keep-Alive: timeout=2` for 2,500 ms and closes after 3,500 ms
    // (its own 1 s buffer): the client must close first, at about 1 s.
    const closedByClient: boolean[] = [];
    const server = http.createServer({ keepAliveTimeout: 2500 }, (req, res) => {
      req.resume();
      req.on('end', () => res.end('ok'));
    });
    server.on('connection', (socket: Socket) => {
      let clientEnded = false;
      socket.on('end', () => {
        clientEnded = true;
      });
      socket.on('close', () => closedByClient.push(clientEnded));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    const agent = createAgent(url, 4);
    try {
      /** One GET; resolves with the idle timeout its socket had while carrying it. */
      const get = async (): Promise<number | undefined> => {
        const exchange = startExchange(
          {
            url,
            method: 'GET',
            headers: {},
            agent,
            stop: new AbortController().signal,
            connectTimeoutMs: 2000,
            headersTimeoutMs: 2000,
          },
          performanceClock,
        );
        const res: IncomingMessage = await exchange.response;
        expect(res.headers['keep-alive']).toBe('timeout=2');
        const inUse = (res.socket as Socket).timeout;
        await new Promise<void>((resolve) => {
          res.resume();
          res.on('end', resolve);
        });
        await sleep(10);
        return inUse;
      };
      await get();
      const [idle] = Object.values(agent.freeSockets).flat() as Socket[];
      expect(idle?.timeout).toBe(1000);
      // Reused: the idle timeout is off while the socket carries a request, and set again
      // when it is back in the pool.
      expect(await get()).toBe(0);
      const pooled = Object.values(agent.freeSockets).flat() as Socket[];
      expect(pooled).toEqual([idle]);
      expect(idle?.timeout).toBe(1000);
      for (let i = 0; i < 60 && closedByClient.length === 0; i++) await sleep(50);
      expect(closedByClient).toEqual([true]);
      expect(Object.values(agent.freeSockets).flat()).toHaveLength(0);
    } finally {
      agent.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

/** The run failed on the network in its one attempt, after the proxy saw `requests` per connection. */
function expectOneNetworkFailure(outcome: RunOutcome, requests: Action[][]): void {
  expect(proxy.connections.map((p) => p.requests)).toEqual(requests);
  expect(outcome.status).toBe('failed');
  expect(outcome.error?.code).toBe('NETWORK_ERROR');
  expect(outcome.attempts).toHaveLength(1);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
