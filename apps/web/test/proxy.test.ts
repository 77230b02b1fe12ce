import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proxyRequest } from '@/lib/proxy';

// A real upstream HTTP server standing in for the API: it echoes requests, answers errors,
// and holds an event stream open so the test can see events pass before the stream ends.
let server: http.Server;
let apiUrl: string;
let streamClosed: Promise<void>;
let markStreamClosed: () => void;

beforeAll(async () => {
  streamClosed = new Promise((resolve) => {
    markStreamClosed = resolve;
  });
  server = http.createServer((req, res) => {
    if (req.url?.startsWith('/api/v1/events')) {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.write('id: 1-0\nevent: run.status\ndata: {"run_id":1}\n\n');
      // Deliberately never ends: only the client's disconnect closes it.
      req.on('close', () => markStreamClosed());
      return;
    }
    if (req.url?.startsWith('/api/v1/auth/login')) {
      // Two cookies, one with an Expires date whose comma must not split or join them.
      res.setHeader('set-cookie', [
        'tfbench_session=s3cret; Path=/; HttpOnly; SameSite=Lax; Expires=Wed, 09 Jun 2027 10:18:14 GMT',
        'tfbench_csrf=t0ken; Path=/; SameSite=Lax',
      ]);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ cookie: req.headers.cookie ?? null, csrf: req.headers['x-csrf-token'] ?? null }),
      );
      return;
    }
    if (req.url?.startsWith('/api/v1/conflict')) {
      res.writeHead(409, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'CONFLICT', message: 'in use', details: { scenarios: 2 } } }));
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      res.writeHead(200, {
        'content-type': 'application/json',
        'x-total-count': '42',
        connection: 'keep-alive',
      });
      res.end(
        JSON.stringify({
          method: req.method,
          url: req.url,
          contentType: req.headers['content-type'] ?? null,
          acceptEncoding: req.headers['accept-encoding'] ?? null,
          forwardedHost: req.headers['x-forwarded-host'] ?? null,
          reach: req.headers['x-tfbench-dashboard-reach'] ?? null,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('proxyRequest', () => {
  it('forwards path, query and headers and returns status, body and X-Total-Count', async () => {
    const response = await proxyRequest(
      new Request('http://localhost:3000/api/v1/runs?status=failed&limit=5'),
      apiUrl,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('x-total-count')).toBe('42');
    expect(response.headers.get('connection')).toBeNull();
    const echo = await response.json();
    expect(echo).toMatchObject({
      method: 'GET',
      url: '/api/v1/runs?status=failed&limit=5',
      acceptEncoding: 'identity',
      forwardedHost: 'localhost:3000',
    });
  });

  it('tells the API how the dashboard listens, whatever the browser claims', async () => {
    // A browser may send its own forwarding headers, claiming to be on this machine.
    const claims = { 'x-forwarded-for': '127.0.0.1', 'x-tfbench-dashboard-reach': 'loopback' };
    const network = await proxyRequest(
      new Request('http://localhost:3000/api/v1/auth/status', { headers: claims }),
      apiUrl,
    );
    expect((await network.json()).reach).toBe('network');
    const local = await proxyRequest(new Request('http://localhost:3000/api/v1/auth/status'), apiUrl, {
      loopbackOnly: true,
    });
    expect((await local.json()).reach).toBe('loopback');
  });

  it('streams a JSON request body through', async () => {
    const body = JSON.stringify({ scenario_id: 1, inputs_override: { q: 'ü' } });
    const response = await proxyRequest(
      new Request('http://localhost:3000/api/v1/runs/trigger', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      }),
      apiUrl,
    );
    const echo = await response.json();
    expect(echo).toMatchObject({ method: 'POST', contentType: 'application/json', body });
  });

  it('passes error statuses and envelopes through unchanged', async () => {
    const response = await proxyRequest(
      new Request('http://localhost:3000/api/v1/conflict', { method: 'DELETE' }),
      apiUrl,
    );
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({
      error: { code: 'CONFLICT', message: 'in use', details: { scenarios: 2 } },
    });
  });

  it('delivers server-sent events while the upstream stream is still open, and closes it on disconnect', async () => {
    const controller = new AbortController();
    const response = await proxyRequest(
      new Request('http://localhost:3000/api/v1/events', { signal: controller.signal }),
      apiUrl,
    );
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(response.headers.get('cache-control')).toBe('no-cache, no-transform');
    const reader = response.body!.getReader();
    const { value } = await reader.read();
    // The upstream never ends this stream, so receiving the event proves nothing buffers it.
    expect(new TextDecoder().decode(value)).toContain('data: {"run_id":1}');
    controller.abort();
    await reader.cancel().catch(() => undefined);
    await streamClosed;
  });

  it('carries the session cookies both ways: each Set-Cookie separately, and Cookie and X-CSRF-Token up', async () => {
    const response = await proxyRequest(
      new Request('http://localhost:3000/api/v1/auth/login', {
        method: 'POST',
        headers: { cookie: 'tfbench_session=old; tfbench_csrf=t', 'x-csrf-token': 't' },
      }),
      apiUrl,
    );
    expect(response.headers.getSetCookie()).toEqual([
      'tfbench_session=s3cret; Path=/; HttpOnly; SameSite=Lax; Expires=Wed, 09 Jun 2027 10:18:14 GMT',
      'tfbench_csrf=t0ken; Path=/; SameSite=Lax',
    ]);
    expect(await response.json()).toEqual({ cookie: 'tfbench_session=old; tfbench_csrf=t', csrf: 't' });
  });

  it('answers 502 with a clear message when the API is down', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const response = await proxyRequest(new Request('http://localhost:3000/api/v1/automations'), deadUrl);
    expect(response.status).toBe(502);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('API_UNREACHABLE');
    expect(body.error.message).toContain(deadUrl);
    expect(body.error.message).toContain('ECONNREFUSED');
  });
});
