/**
 * The API on a real runtime (the embedded default: in-process queue and bus, worker and mock
 * TinyFish in the same process), on both databases: the README example executes, live events
 * stream as SSE with ids and heartbeats and resume from Last-Event-ID, runs are cancelled.
 */
import { compareEventIds } from '@tfbench/core/events';
import { requirePostgres, TEST_BACKENDS } from '@tfbench/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  databaseEnv,
  FAST_MOCK,
  getJson,
  type Json,
  type LiveApi,
  openSse,
  postJson,
  type SseClient,
  startLiveApi,
} from './engine-helpers.js';
import { README_EXAMPLES } from './helpers.js';

const postgresReady = await requirePostgres();

for (const backend of TEST_BACKENDS) {
  describe.skipIf(backend === 'postgres' && !postgresReady)(`API with the run engine [${backend}]`, () => {
    let api: LiveApi;
    let drop: () => Promise<void>;
    const clients: SseClient[] = [];
    const sse = async (url: string, headers?: Record<string, string>) => {
      const client = await openSse(`${api.base}${url}`, headers);
      clients.push(client);
      return client;
    };

    beforeAll(async () => {
      const database = await databaseEnv(backend);
      drop = database.drop;
      api = await startLiveApi(database.env, { heartbeatMs: 150 });
    });
    afterAll(async () => {
      for (const client of clients) client.close();
      await api?.close();
      await drop?.();
    });

    async function waitForRun(id: number, timeoutMs = 15_000): Promise<Json> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const { json } = await getJson(api.base, `/api/v1/runs/${id}`);
        if (!['pending', 'running'].includes(json.status as string)) return json;
        if (Date.now() > deadline) throw new Error(`run ${id} still ${json.status}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }

    it('executes the original README trigger example to a completed run with streaming metrics', async () => {
      expect((await postJson(api.base, '/api/v1/automations', README_EXAMPLES.automation)).status).toBe(201);
      expect((await postJson(api.base, '/api/v1/scenarios', README_EXAMPLES.scenario)).status).toBe(201);
      const started = performance.now();
      const trigger = await postJson(api.base, '/api/v1/runs/trigger', README_EXAMPLES.trigger);
      expect(trigger.status).toBe(201);
      const run = await waitForRun(trigger.json.id as number);
      expect(performance.now() - started).toBeLessThan(15_000);
      expect(run).toMatchObject({ status: 'completed', error_code: null });
      expect(run.ttft_ms).toEqual(expect.any(Number));
      expect(run.inter_token_stats).toMatchObject({ count: expect.any(Number), p50: expect.any(Number) });
      expect((run.events as unknown[]).length).toBeGreaterThan(3);
    });

    it('streams run.status and run.event with an id each, filtered by scenario, with heartbeats', async () => {
      const client = await sse('/api/v1/events?scenario_id=1');
      expect(client.status).toBe(200);
      expect(client.headers['content-type']).toMatch(/^text\/event-stream/);
      expect(client.headers['cache-control']).toMatch(/no-cache/);
      const trigger = await postJson(api.base, '/api/v1/runs/trigger', {
        scenario_id: 1,
        inputs_override: { mock: FAST_MOCK },
      });
      const runId = trigger.json.id as number;
      await client.waitFor(
        (m) =>
          m.event === 'run.status' &&
          JSON.parse(m.data).status === 'completed' &&
          JSON.parse(m.data).run_id === runId,
      );
      const ours = client.messages.filter((m) => JSON.parse(m.data).run_id === runId);
      for (const message of ours) {
        expect(message.id).toMatch(/^\d+-\d+$/);
        expect(JSON.parse(message.data).kind).toBe(message.event);
        expect(JSON.parse(message.data).scenario_id).toBe(1);
      }
      const ids = ours.map((m) => m.id!);
      expect([...ids].sort(compareEventIds)).toEqual(ids);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ours.map((m) => m.event)[0]).toBe('run.status');
      const progress = ours.filter((m) => m.event === 'run.event' && JSON.parse(m.data).type === 'PROGRESS');
      expect(progress).toHaveLength(3);
      expect(JSON.parse(progress[0]!.data)).toMatchObject({
        purpose: expect.any(String),
        at_ms: expect.any(Number),
      });
      // Heartbeats: `: ping` comments, one per heartbeat interval (here 150 ms; the bound has slack).
      const deadline = Date.now() + 5_000;
      while (client.comments.filter((c) => c === 'ping').length < 4 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const pings = client.commentTimes.filter((_, i) => client.comments[i] === 'ping');
      expect(pings.length).toBeGreaterThanOrEqual(4);
      const gaps = pings.slice(1).map((t, i) => t - pings[i]!);
      expect(Math.max(...gaps)).toBeLessThan(1_000);
    });

    it('sends nothing of other scenarios or runs to a filtered client', async () => {
      const other = await sse('/api/v1/events?run_id=999999');
      const trigger = await postJson(api.base, '/api/v1/runs/trigger', {
        scenario_id: 1,
        inputs_override: { mock: FAST_MOCK },
      });
      await waitForRun(trigger.json.id as number);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(other.messages).toEqual([]);
      expect(other.comments).toContain('ping');
    });

    it('replays what a client missed after its Last-Event-ID, then goes on live', async () => {
      const first = await sse('/api/v1/events?scenario_id=1');
      const trigger = await postJson(api.base, '/api/v1/runs/trigger', {
        scenario_id: 1,
        inputs_override: { mock: FAST_MOCK },
      });
      const runId = trigger.json.id as number;
      const isDone = (m: { event: string; data: string }) =>
        m.event === 'run.status' &&
        JSON.parse(m.data).status === 'completed' &&
        JSON.parse(m.data).run_id === runId;
      await first.waitFor(isDone);
      first.close();
      const seen = first.messages.filter((m) => JSON.parse(m.data).run_id === runId);
      expect(seen.length).toBeGreaterThanOrEqual(5);
      const resumeAfter = seen[1]!.id!;

      const resumed = await sse('/api/v1/events?scenario_id=1', { 'last-event-id': resumeAfter });
      await resumed.waitFor(isDone);
      const replayed = resumed.messages.filter((m) => JSON.parse(m.data).run_id === runId);
      expect(replayed.map((m) => m.id)).toEqual(seen.slice(2).map((m) => m.id));
      expect(resumed.messages.some((m) => m.event === 'resync')).toBe(false);

      // The same through the query parameter, for clients that cannot set the header.
      const viaQuery = await sse(
        `/api/v1/events?scenario_id=1&last_event_id=${encodeURIComponent(resumeAfter)}`,
      );
      await viaQuery.waitFor(isDone);
      expect(viaQuery.messages.filter((m) => JSON.parse(m.data).run_id === runId).map((m) => m.id)).toEqual(
        seen.slice(2).map((m) => m.id),
      );
    });

    it('tells a client whose Last-Event-ID is not in the buffer to resync', async () => {
      const client = await sse('/api/v1/events', { 'last-event-id': 'not-an-event-id' });
      const resync = await client.waitFor((m) => m.event === 'resync');
      expect(JSON.parse(resync.data).reason).toMatch(/reload/);
    });

    it('refuses invalid filters with 400 in the error envelope', async () => {
      for (const query of ['run_id=abc', 'scenario_id=0', 'kinds=run.nope', 'colour=blue']) {
        const response = await fetch(`${api.base}/api/v1/events?${query}`);
        expect(response.status, query).toBe(400);
        expect(((await response.json()) as { error: { code: string } }).error.code).toBe('VALIDATION_ERROR');
      }
    });

    it('cancels a running run (200, with the reason), refuses a finished one (409) and an unknown one (404)', async () => {
      const trigger = await postJson(api.base, '/api/v1/runs/trigger', {
        scenario_id: 1,
        inputs_override: { mock: { ...FAST_MOCK, steps: 50, step_delay_ms: 100 } },
      });
      const runId = trigger.json.id as number;
      const client = await sse(`/api/v1/events?run_id=${runId}&kinds=run.event`);
      await client.waitFor((m) => JSON.parse(m.data).type === 'PROGRESS');
      const cancelled = await postJson(api.base, `/api/v1/runs/${runId}/cancel`, { reason: 'enough data' });
      expect(cancelled.status).toBe(200);
      expect(cancelled.json).toMatchObject({ id: runId, status: 'cancelled', error_code: 'CANCELLED' });
      expect(cancelled.json.error).toMatch(/enough data/);
      expect(api.runtime.mock?.groundTruth(cancelled.json.tinyfish_run_id as string)?.status).toBe(
        'CANCELLED',
      );

      const again = await postJson(api.base, `/api/v1/runs/${runId}/cancel`, {});
      expect(again.status).toBe(200);
      const finished = (await getJson(api.base, '/api/v1/runs?status=completed')).json as unknown as Json[];
      const conflict = await postJson(api.base, `/api/v1/runs/${finished[0]!.id}/cancel`, {});
      expect(conflict.status).toBe(409);
      expect(conflict.json).toMatchObject({ error: { code: 'CONFLICT' } });
      const missing = await fetch(`${api.base}/api/v1/runs/999999/cancel`, { method: 'POST' });
      expect(missing.status).toBe(404);
    });

    it('reports the queue, the event bus and the embedded worker in /health', async () => {
      const { status, json } = await getJson(api.base, '/health');
      expect(status).toBe(200);
      expect(json).toMatchObject({
        status: 'ok',
        mode: 'mock',
        queue: { kind: 'in-process', healthy: true, events: 'in-process', embedded_worker: true },
      });
    });

    it('documents the engine routes in the OpenAPI document', async () => {
      const { json } = await getJson(api.base, '/openapi.json');
      const paths = json.paths as Record<string, Record<string, { tags: string[]; summary: string }>>;
      expect(paths['/api/v1/events']?.get?.tags).toEqual(['events']);
      expect(paths['/api/v1/runs/{id}/cancel']?.post?.summary).toBe('Cancel a run');
    });
  });
}
