import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type MockTinyFish, type RunGroundTruth, startMockTinyFish } from '../src/index.js';
import {
  FAST_MODEL,
  FAST_MODEL_EVENTS,
  framesJson,
  http,
  openSse,
  VALID_BODY,
  waitFor,
  withLoopStall,
} from './helpers.js';

/**
 * Timing tolerances. Timers fire at most 1 ms early by design, and late by the machine's
 * scheduling: 25 ms plus the worst event-loop stall seen during the run. A wrong anchor is
 * caught exactly by the planned offsets; a drift accumulating per event would exceed the bound
 * within the events of a run.
 */
const EARLY_MS = 1.01;
const LATE_MS = 25;

let mock: MockTinyFish;
beforeAll(async () => {
  mock = await startMockTinyFish({ seed: 5, strict: true, model: FAST_MODEL });
  // One run first, so the first measured one does not pay for connection set-up and JIT warm-up.
  await openSse(mock.url, VALID_BODY).done;
});
beforeEach(() => mock.reset());
afterAll(() => mock.close());

describe('ground truth', () => {
  it('records each event at its model offset within tolerance, relative to the request', async () => {
    const sentAt = performance.timeOrigin + performance.now();
    const { value: cap, stall_ms } = await withLoopStall(
      () => openSse(mock.url, { ...VALID_BODY, mock: { heartbeat_interval_ms: 25 } }).done,
    );
    const late = LATE_MS + stall_ms;
    const runId = framesJson(cap)[0]!.run_id as string;
    const res = await http(mock.url, 'GET', `/__mock/runs/${runId}/ground-truth`);
    expect(res.status).toBe(200);
    const truth = res.json as RunGroundTruth;
    expect(truth).toMatchObject({
      run_id: runId,
      endpoint: 'run-sse',
      request_seq: 1,
      fault: 'none',
      outcome: 'COMPLETED',
      status: 'COMPLETED',
      steps_planned: 3,
      queue_wait_ms: 0,
    });
    expect(truth.received_epoch_ms).toBeGreaterThanOrEqual(sentAt - 1);
    expect(truth.received_epoch_ms - sentAt).toBeLessThan(late);

    const base = truth.body_parsed_offset_ms;
    const planned = truth.events
      .filter((e) => e.type !== 'HEARTBEAT')
      .map((e) => [e.type, round(e.planned_offset_ms! - base)]);
    expect(planned).toEqual([
      ['STARTED', 10],
      ['STREAMING_URL', 20],
      ['PROGRESS', 40],
      ['PROGRESS', 60],
      ['PROGRESS', 80],
      ['COMPLETE', 100],
    ]);
    expect(
      truth.events.filter((e) => e.type === 'HEARTBEAT').map((e) => round(e.planned_offset_ms! - base)),
    ).toEqual([25, 50, 75]);
    for (const e of truth.events) {
      const lateness = e.offset_ms - e.planned_offset_ms!;
      expect(lateness, e.type).toBeGreaterThanOrEqual(-EARLY_MS);
      expect(lateness, e.type).toBeLessThan(late);
      expect(e.epoch_ms).toBeCloseTo(truth.received_epoch_ms + e.offset_ms, 3);
      expect(e.written).toBe(true);
    }
    expect(truth.events.map((e) => e.seq)).toEqual(truth.events.map((_, i) => i));
    expect(truth.response).toMatchObject({
      status_code: 200,
      end_reason: 'complete',
      bytes_written: Buffer.byteLength(cap.raw),
    });
    expect(truth.response.headers_offset_ms!).toBeLessThan(truth.events[0]!.offset_ms);
  });

  it('agrees with what a client on the same clock receives, frame by frame', async () => {
    const { value: cap, stall_ms } = await withLoopStall(
      () => openSse(mock.url, { ...VALID_BODY, mock: { heartbeat_interval_ms: 15 } }).done,
    );
    const truth = mock.groundTruth(framesJson(cap)[0]!.run_id as string)!;
    expect(cap.frames).toHaveLength(truth.events.length);
    const received = framesJson(cap);
    truth.events.forEach((e, i) => {
      expect(received[i]!.type).toBe(e.type);
      const bytes = Buffer.byteLength(`${cap.frames[i]!.text}\n\n`);
      expect(e.bytes).toBe(bytes);
      // Delivery on loopback: after the write, and soon after it.
      const delay = cap.frames[i]!.epoch_ms - e.epoch_ms;
      expect(delay).toBeGreaterThanOrEqual(-0.5);
      expect(delay).toBeLessThan(LATE_MS + stall_ms);
    });
    // The server timestamp in each event is the ground-truth instant, to the millisecond.
    received.forEach((ev, i) => {
      expect(Date.parse(ev.timestamp as string)).toBe(Math.floor(truth.events[i]!.epoch_ms));
    });
  });

  it('records server-side events of async runs as not written, and the response of the request', async () => {
    const res = await http(mock.url, 'POST', '/v1/automation/run-async', { body: VALID_BODY });
    const id = (res.json as { run_id: string }).run_id;
    const truth = await waitFor(() =>
      mock.groundTruth(id)?.status === 'COMPLETED' ? mock.groundTruth(id) : undefined,
    );
    expect(truth.endpoint).toBe('run-async');
    expect(truth.events.map((e) => e.type)).toEqual(FAST_MODEL_EVENTS);
    expect(truth.events.every((e) => !e.written && e.bytes === 0)).toBe(true);
    expect(truth.response).toMatchObject({ status_code: 200, end_reason: 'complete' });
    expect(truth.response.headers_offset_ms!).toBeLessThan(truth.events[0]!.offset_ms);
  });

  it('records the response of a blocking run at COMPLETE', async () => {
    const { stall_ms } = await withLoopStall(() =>
      http(mock.url, 'POST', '/v1/automation/run', { body: VALID_BODY }),
    );
    const truth = mock.allGroundTruth()[0]!;
    const complete = truth.events.at(-1)!;
    expect(truth.response.status_code).toBe(200);
    expect(truth.response.headers_offset_ms! - complete.offset_ms).toBeGreaterThanOrEqual(0);
    expect(truth.response.headers_offset_ms! - complete.offset_ms).toBeLessThan(LATE_MS + stall_ms);
  });

  it('counts current and maximum in-flight runs and open streams', async () => {
    const streams = Array.from({ length: 5 }, () =>
      openSse(mock.url, { ...VALID_BODY, mock: { step_delay_ms: 60 } }),
    );
    await Promise.all(streams.map((s) => s.firstByte));
    const during = await waitFor(() => (mock.stats().in_flight_runs === 5 ? mock.stats() : undefined));
    expect(during.open_streams).toBe(5);
    await Promise.all(streams.map((s) => s.done));
    const after = await waitFor(async () => {
      const s = (await http(mock.url, 'GET', '/__mock/stats')).json as Record<string, unknown>;
      return s.open_streams === 0 ? s : undefined;
    });
    expect(after).toMatchObject({
      in_flight_runs: 0,
      max_in_flight_runs: 5,
      max_open_streams: 5,
      active_runs: 0,
      runs_created: 5,
    });
    expect(after.runs_by_status).toMatchObject({ COMPLETED: 5 });
  });

  it('serves all ground truth in request order, and since a given request_seq', async () => {
    for (let i = 0; i < 3; i++)
      await http(mock.url, 'POST', '/v1/automation/run-async', { body: VALID_BODY });
    const all = (await http(mock.url, 'GET', '/__mock/ground-truth')).json as { data: RunGroundTruth[] };
    expect(all.data.map((t) => t.request_seq)).toEqual([1, 2, 3]);
    const since = (await http(mock.url, 'GET', '/__mock/ground-truth?since_seq=2')).json as {
      data: RunGroundTruth[];
    };
    expect(since.data.map((t) => t.request_seq)).toEqual([3]);
    expect((await http(mock.url, 'GET', '/__mock/runs/nope/ground-truth')).status).toBe(404);
  });
});

describe('concurrency limit', () => {
  it('keeps runs over the limit PENDING, with heartbeats, and records the queue wait', async () => {
    const limited = await startMockTinyFish({
      seed: 1,
      concurrencyLimit: 2,
      model: { ...FAST_MODEL, heartbeat_interval_ms: 20 },
    });
    try {
      const streams = Array.from({ length: 4 }, () => openSse(limited.url, VALID_BODY));
      await Promise.all(streams.map((s) => s.firstByte));
      const queued = await waitFor(() => {
        const t = limited.allGroundTruth();
        return t.length === 4 ? t : undefined;
      });
      expect(limited.stats().queued_runs).toBe(2);
      const pending = (await http(limited.url, 'GET', `/v1/runs/${queued[3]!.run_id}`)).json as {
        status: string;
      };
      expect(pending.status).toBe('PENDING');
      const caps = await Promise.all(streams.map((s) => s.done));
      expect(caps.every((c) => framesJson(c).at(-1)?.type === 'COMPLETE')).toBe(true);
      const truths = limited.allGroundTruth();
      const waits = truths.map((t) => t.queue_wait_ms!).sort((a, b) => a - b);
      expect(waits[0]).toBe(0);
      expect(waits[1]).toBe(0);
      // The last two waited for a run of ~100 ms to finish.
      expect(waits[2]).toBeGreaterThan(80);
      expect(waits[3]).toBeGreaterThan(80);
      const waited = truths.find((t) => t.queue_wait_ms! > 80)!;
      const firstStarted = waited.events.find((e) => e.type === 'STARTED')!;
      expect(
        waited.events
          .filter((e) => e.offset_ms < firstStarted.offset_ms)
          .every((e) => e.type === 'HEARTBEAT'),
      ).toBe(true);
      expect(waited.events.some((e) => e.type === 'HEARTBEAT' && e.offset_ms < firstStarted.offset_ms)).toBe(
        true,
      );
      expect(limited.stats().max_active_runs).toBe(2);
      expect(limited.stats().max_in_flight_runs).toBe(4);
    } finally {
      await limited.close();
    }
  });
});

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
