/**
 * The keep-alive agent under a connect guard, against a real loopback server: a refused host
 * (a literal address, or a name the guard's lookup resolves to a refused one) fails the
 * exchange before any byte reaches the server, pooled or on a fresh connection; an allowed
 * one goes through.
 */
import http from 'node:http';
import type { AddressInfo, LookupFunction } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { networkError } from '../src/errors.js';
import { type ConnectGuard, createAgent, startExchange, TransportError } from '../src/http/index.js';
import { performanceClock } from '../src/timing/index.js';

let server: http.Server;
let port = 0;
let requests = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    requests++;
    req.resume();
    req.on('end', () => res.end('ok'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function blocked(message: string): Error {
  return Object.assign(new Error(message), { code: 'OUTBOUND_BLOCKED' });
}

/**
 * A guard as the composition root builds one, with names resolved from `names`: loopback is
 * refused unless `allowLoopback`, for a literal host at once and for a name in its lookup.
 */
function loopbackGuard(allowLoopback: boolean, names: Record<string, string> = {}): ConnectGuard {
  const refused = (address: string) => !allowLoopback && address.startsWith('127.');
  return (url) => {
    if (refused(url.hostname)) throw blocked(`${url.hostname} is a loopback address`);
    const lookup: LookupFunction = (hostname, options, callback) => {
      const address = names[hostname];
      if (address === undefined) callback(Object.assign(new Error(hostname), { code: 'ENOTFOUND' }), '');
      else if (refused(address))
        callback(blocked(`${hostname} resolves to ${address}, a loopback address`), '');
      else if (options.all) callback(null, [{ address, family: 4 }]);
      else callback(null, address, 4);
    };
    return lookup;
  };
}

async function exchange(url: URL, guard: ConnectGuard, freshConnection = false) {
  const agent = createAgent(url, 4, guard);
  try {
    const { response } = startExchange(
      {
        url,
        method: 'POST',
        headers: {},
        body: Buffer.from('{}'),
        agent,
        stop: AbortSignal.timeout(5_000),
        connectTimeoutMs: 2_000,
        headersTimeoutMs: 2_000,
        freshConnection,
      },
      performanceClock,
    );
    const res = await response;
    res.resume();
    return res.statusCode;
  } finally {
    agent.destroy();
  }
}

async function refusal(url: URL, guard: ConnectGuard, freshConnection = false): Promise<TransportError> {
  const error = await exchange(url, guard, freshConnection).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TransportError);
  return error as TransportError;
}

it('refuses a literal loopback address before connecting, pooled or on a fresh connection', async () => {
  const before = requests;
  const url = new URL(`http://127.0.0.1:${port}/v1/run`);
  for (const fresh of [false, true]) {
    const error = await refusal(url, loopbackGuard(false), fresh);
    expect(error.kind).toBe('network');
    expect(error.connected).toBe(false);
    expect(error.causeCode).toBe('OUTBOUND_BLOCKED');
  }
  expect(requests).toBe(before);
});

it('refuses a name that resolves to a refused address (the lookup is the guard’s)', async () => {
  const before = requests;
  const url = new URL(`http://rebind.test:${port}/v1/run`);
  const error = await refusal(url, loopbackGuard(false, { 'rebind.test': '127.0.0.1' }));
  expect(error.causeCode).toBe('OUTBOUND_BLOCKED');
  expect(error.message).toContain('rebind.test resolves to 127.0.0.1');
  expect(requests).toBe(before);
});

it('connects when the guard allows the address, through its lookup for a name', async () => {
  const before = requests;
  expect(await exchange(new URL(`http://127.0.0.1:${port}/`), loopbackGuard(true))).toBe(200);
  const named = new URL(`http://rebind.test:${port}/`);
  expect(await exchange(named, loopbackGuard(true, { 'rebind.test': '127.0.0.1' }), true)).toBe(200);
  expect(requests).toBe(before + 2);
});

it('turns a refusal into an OUTBOUND_BLOCKED run error that says why', () => {
  const error = networkError(blocked('169.254.169.254 is a link-local address'), 'before any response');
  expect(error.code).toBe('OUTBOUND_BLOCKED');
  expect(error.message).toBe(
    'upstream address refused (no request sent): 169.254.169.254 is a link-local address',
  );
  expect(networkError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), 'p').code).toBe(
    'NETWORK_ERROR',
  );
});
