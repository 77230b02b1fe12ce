import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { cleanup } from '@testing-library/react';
import { afterAll, afterEach, beforeAll } from 'vitest';

/** One request the dashboard sent, as the server received it. */
export interface ReceivedRequest {
  method: string;
  /** Path and query, e.g. `/api/v1/scenarios`. */
  path: string;
  /** The parsed JSON body, the raw text of any other body (a multipart form); undefined when there was none. */
  body: unknown;
  /** The request's Content-Type header. */
  contentType: string | undefined;
}

/** How the server answers one request: a status and a JSON body. */
export interface Answer {
  status: number;
  body?: unknown;
}

export interface ApiServer {
  /** The server's origin, e.g. `http://127.0.0.1:40123`. */
  url: string;
  /** Every request so far, oldest first. */
  requests: ReceivedRequest[];
  /** The requests so far to one method and path. */
  sent: (method: string, path: string) => ReceivedRequest[];
  close: () => Promise<void>;
}

/**
 * A real HTTP server on loopback standing in for the API (and the dashboard's `/api` proxy in
 * front of it): `answer` decides each response, and every request is kept for the test to read.
 *
 * @example
 * const api = await startApiServer((req) => ({ status: 201, body: { id: 1, ...(req.body as object) } }));
 */
export async function startApiServer(answer: (request: ReceivedRequest) => Answer): Promise<ApiServer> {
  const requests: ReceivedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const contentType = req.headers['content-type'];
      const json = contentType === undefined || contentType.includes('json');
      const received: ReceivedRequest = {
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        body: text ? (json ? JSON.parse(text) : text) : undefined,
        contentType,
      };
      requests.push(received);
      const { status, body } = answer(received);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(body === undefined ? '' : JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    sent: (method, path) => requests.filter((r) => r.method === method && r.path === path),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The API's answer to a body it rejects: 400 with one `{field, message}` per offending field. */
export function validationError(fields: Record<string, string>): Answer {
  return {
    status: 400,
    body: {
      error: {
        code: 'VALIDATION_ERROR',
        message: Object.entries(fields)
          .map(([f, m]) => `${f}: ${m}`)
          .join('; '),
        details: Object.entries(fields).map(([field, message]) => ({ field: `body.${field}`, message })),
      },
    },
  };
}

/**
 * Makes the test's page live at `url`, so the dashboard's same-origin `/api/v1/...` requests
 * reach the server there, as they reach the proxy in a browser.
 */
export function servePageFrom(url: string): void {
  (window as unknown as { happyDOM: { setURL: (url: string) => void } }).happyDOM.setURL(`${url}/scenarios`);
}

/**
 * For a test file of dashboard components: starts the server before the file's tests and places
 * the page at its origin, unmounts what each test rendered and forgets its requests, and stops
 * the server at the end. The returned object is filled in once the server is up.
 *
 * @example
 * const api = apiServerForFile((req) => ({ status: 201, body: req.body }));
 * it('...', () => { ...; expect(api.sent('POST', '/api/v1/scenarios')).toHaveLength(1); });
 */
export function apiServerForFile(answer: (request: ReceivedRequest) => Answer): ApiServer {
  const api = {} as ApiServer;
  beforeAll(async () => {
    Object.assign(api, await startApiServer(answer));
    servePageFrom(api.url);
  });
  afterEach(() => {
    cleanup();
    api.requests.length = 0;
  });
  afterAll(() => api.close());
  return api;
}
