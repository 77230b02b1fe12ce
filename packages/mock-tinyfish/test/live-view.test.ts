import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockTinyFish, startMockTinyFish } from '../src/index.js';
import { framesJson, http, openSse, VALID_BODY } from './helpers.js';

const KEY = 'sk-live-view-test';
const HOSTILE_GOAL = '</script><img src=x onerror="alert(1)"> list the products';

let mock: MockTinyFish;
beforeAll(async () => {
  mock = await startMockTinyFish({
    seed: 11,
    apiKey: KEY,
    // Slow enough to look at the run while it is in flight.
    model: {
      started_delay_ms: 5,
      streaming_url_delay_ms: 5,
      steps: 3,
      step_delay_ms: 120,
      outcome: 'COMPLETED',
    },
  });
});
afterAll(() => mock.close());

type Json = Record<string, unknown>;

describe('the live view page behind streaming_url', () => {
  it('is served by the mock itself, without an API key, and follows the run to its end', async () => {
    const sse = openSse(mock.url, { ...VALID_BODY, goal: HOSTILE_GOAL }, { headers: { 'X-API-Key': KEY } });
    // The page while the run is in flight.
    let streamingUrl: string | undefined;
    for (let i = 0; i < 200 && !streamingUrl; i++) {
      await new Promise((r) => setTimeout(r, 10));
      const listed = (await http(mock.url, 'GET', '/v1/runs', { headers: { 'X-API-Key': KEY } })).json as {
        data: Json[];
      };
      const url = listed.data[0]?.streaming_url;
      if (typeof url === 'string') streamingUrl = url;
    }
    expect(streamingUrl).toMatch(new RegExp(`^${mock.url}/stream/[A-Za-z0-9_-]+$`));
    const path = new URL(streamingUrl!).pathname;

    const page = await http(mock.url, 'GET', path);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    // Framable by the dashboard on another origin, and nothing else may run in it.
    expect(page.headers['x-frame-options']).toBeUndefined();
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain('frame-ancestors *');
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("connect-src 'self'");
    const script = /<script>([\s\S]*?)<\/script>/.exec(page.body)?.[1];
    expect(script).toBeDefined();
    const hash = createHash('sha256').update(script!).digest('base64');
    expect(csp).toContain(`script-src 'sha256-${hash}'`);
    // The caller's text never enters the markup: the script writes it as text.
    expect(page.body).not.toContain('onerror');
    expect(page.body).not.toContain(KEY);

    const live = (await http(mock.url, 'GET', `${path}/state`)).json as Json;
    expect(live.goal).toBe(HOSTILE_GOAL);
    expect(['PENDING', 'RUNNING']).toContain(live.status);
    expect(live.finished).toBe(false);

    const capture = await sse.done;
    const events = framesJson(capture);
    const announced = events.find((e) => e.type === 'STREAMING_URL');
    expect(announced?.streaming_url).toBe(streamingUrl);

    const done = (await http(mock.url, 'GET', `${path}/state`)).json as Json;
    expect(done).toMatchObject({ status: 'COMPLETED', finished: true, url: VALID_BODY.url });
    expect((done.steps as Json[]).map((s) => typeof s.action)).toEqual(['string', 'string', 'string']);
  });

  it('answers 404 for a run it does not know, without reflecting the address', async () => {
    const unknown = await http(mock.url, 'GET', '/stream/no-such-run');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toContain('unknown run');
    expect((await http(mock.url, 'GET', '/stream/no-such-run/state')).status).toBe(404);

    const hostile = await http(mock.url, 'GET', `/stream/${encodeURIComponent('<script>alert(1)</script>')}`);
    expect(hostile.status).toBe(404);
    expect(hostile.body).not.toContain('alert(1)');
    const traversal = await http(mock.url, 'GET', '/stream/..%2F__mock%2Fstats/state');
    expect(traversal.status).toBe(404);
    expect((traversal.json as { error: { code: string } }).error.code).toBe('NOT_FOUND');
  });
});
