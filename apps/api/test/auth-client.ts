/**
 * A tiny HTTP client for the auth tests: fetch against an API on loopback, keeping the cookies
 * a browser would and echoing the CSRF cookie on writes, as the dashboard does.
 */
import type { FastifyInstance } from 'fastify';

export interface Answer {
  status: number;
  headers: Headers;
  json: { error?: { code: string; message: string } } & Record<string, unknown>;
}

/** The base URL of an app listening on loopback (listens on an ephemeral port first). */
export async function listenOnLoopback(app: FastifyInstance): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  return `http://127.0.0.1:${address.port}`;
}

export class Browser {
  readonly cookies = new Map<string, string>();

  constructor(
    readonly base: string,
    private readonly options: { csrf?: boolean; headers?: Record<string, string> } = {},
  ) {}

  /** The headers this browser sends with a request of `method`: key, cookies, CSRF token. */
  headers(method = 'GET'): Record<string, string> {
    const sent: Record<string, string> = { ...this.options.headers };
    if (this.cookies.size > 0) {
      sent.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    }
    const csrf = this.cookies.get('tfbench_csrf');
    if (this.options.csrf !== false && csrf && method !== 'GET') sent['x-csrf-token'] = csrf;
    return sent;
  }

  async request(
    method: string,
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer> {
    const sent: Record<string, string> = { ...this.headers(method), ...headers };
    if (body !== undefined) sent['content-type'] = 'application/json';
    const response = await fetch(`${this.base}${url}`, {
      method,
      headers: sent,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      if (value === '' || /Max-Age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await response.text();
    return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : {} };
  }

  get = (url: string, headers?: Record<string, string>) => this.request('GET', url, undefined, headers);
  post = (url: string, body?: unknown, headers?: Record<string, string>) =>
    this.request('POST', url, body ?? {}, headers);
  /** Sign in with a password, keeping the session cookie on success. */
  signIn = (email: string, password: string) => this.post('/api/v1/auth/login', { email, password });
}

/** The key header of a request made with an API key. */
export const withKey = (key: string) => ({ authorization: `Bearer ${key}` });
