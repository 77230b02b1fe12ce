import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockOpenAI, type RequestGroundTruth, startMockOpenAI } from '../src/index.js';
import { CHAT, FAST, http, openSse, parseFrames, streamedText, withLoopStall } from './helpers.js';

/**
 * The timing model against what the mock recorded, and the record against what a client
 * received. Tolerances add the worst event-loop stall seen during the test: on a starved
 * machine every timer is late by that much, which is the machine's doing, not the mock's.
 */
let mock: MockOpenAI;
beforeAll(async () => {
  mock = await startMockOpenAI({ seed: 21, behaviour: { ...FAST, ttft_ms: 60, tokens_per_s: 100 } });
  // Warm the code paths once so the first measured stream is not paying for compilation.
  await openSse(mock.url, '/v1/chat/completions', { ...CHAT, stream: true, max_tokens: 2 }).done;
});
afterAll(() => mock.close());

const truthOf = (id: unknown): RequestGroundTruth => mock.groundTruth(id as string)!;

describe('timing against the model', () => {
  it('sends the first token at TTFT and the rest at 1/tokens_per_s, and records when', async () => {
    const { value: capture, stall_ms } = await withLoopStall(
      () =>
        openSse(mock.url, '/v1/chat/completions', {
          ...CHAT,
          stream: true,
          max_tokens: 20,
          ignore_eos: true,
          stream_options: { include_usage: true },
        }).done,
    );
    const tolerance = 15 + stall_ms;
    const truth = truthOf(capture.headers['x-request-id']);
    const tokens = truth.frames.filter((f) => f.tokens > 0);
    expect(tokens).toHaveLength(20);
    const parsed = truth.body_parsed_offset_ms;
    // Planned: TTFT 60 ms after the body was parsed, then 10 ms apart (no jitter, no load);
    // after a late write the next deadline keeps at least half a gap from it.
    expect(tokens[0]!.planned_offset_ms! - parsed).toBeCloseTo(60, 6);
    tokens.forEach((f, i) => {
      expect(f.offset_ms - f.planned_offset_ms!).toBeGreaterThanOrEqual(-1.5);
      expect(f.offset_ms - f.planned_offset_ms!).toBeLessThan(tolerance);
      if (i === 0) return;
      const prev = tokens[i - 1]!;
      expect(f.planned_offset_ms! - prev.planned_offset_ms!).toBeGreaterThanOrEqual(10 - 1e-6);
      expect(f.planned_offset_ms!).toBeLessThanOrEqual(
        Math.max(prev.planned_offset_ms! + 10, prev.offset_ms + 5 + tolerance),
      );
    });
    // Unless the machine stalled, the plan held exactly.
    if (stall_ms < 3) expect(tokens[19]!.planned_offset_ms! - parsed).toBeCloseTo(250, 0);
    // The role chunk went out at once and is not the first token.
    expect(truth.frames[0]!.kind).toBe('role');
    expect(truth.frames[0]!.offset_ms).toBeLessThan(truth.summary.first_token_offset_ms!);
    expect(truth.summary).toMatchObject({ token_frames: 20, tokens_sent: 20 });
    expect(truth.summary.first_token_offset_ms).toBe(tokens[0]!.offset_ms);
    expect(truth.summary.last_token_offset_ms).toBe(tokens[19]!.offset_ms);
    expect(truth.summary.done_offset_ms).toBeGreaterThanOrEqual(truth.summary.last_token_offset_ms!);
    // Monotonic and epoch stamps describe the same instants.
    for (const f of truth.frames) {
      expect(f.mono_ms - truth.received_mono_ms).toBeCloseTo(f.offset_ms, 6);
      expect(f.epoch_ms - truth.received_epoch_ms).toBeCloseTo(f.offset_ms, 3);
    }
  });

  it('agrees with what a client receives, frame by frame', async () => {
    const { value: capture, stall_ms } = await withLoopStall(
      () => openSse(mock.url, '/v1/chat/completions', { ...CHAT, stream: true, max_tokens: 15 }).done,
    );
    const truth = truthOf(capture.headers['x-request-id']);
    const written = truth.frames.filter((f) => f.kind !== 'finish' && f.kind !== 'done');
    const received = capture.frames.filter(
      (f) => f.text.includes('"content":"') && !f.text.includes('"role"'),
    );
    expect(received).toHaveLength(15);
    const sentTokens = written.filter((f) => f.tokens > 0);
    received.forEach((r, i) => {
      const delay = r.epoch_ms - sentTokens[i]!.epoch_ms;
      // Same process, same clock: a frame is received after it was sent, and soon on loopback.
      expect(delay).toBeGreaterThanOrEqual(-0.5);
      expect(delay).toBeLessThan(10 + stall_ms);
    });
  });
});

describe('output length', () => {
  const run = async (body: Record<string, unknown>) => {
    const capture = await openSse(mock.url, '/v1/chat/completions', { ...CHAT, stream: true, ...body }).done;
    return { truth: truthOf(capture.headers['x-request-id']), ...parseFrames(capture) };
  };

  it('ignore_eos gives exactly max_tokens with finish_reason length, even past the natural length', async () => {
    const { truth, chunks } = await run({ max_tokens: 10, ignore_eos: true, mock: { output_tokens: 3 } });
    expect(truth).toMatchObject({ output_tokens: 10, finish_reason: 'length' });
    expect(streamedText(chunks).split(' ')).toHaveLength(10);
  });

  it('min_tokens lengthens a short answer, which then stops on its own', async () => {
    const { truth } = await run({ max_tokens: 50, min_tokens: 6, mock: { output_tokens: 2 } });
    expect(truth).toMatchObject({ output_tokens: 6, finish_reason: 'stop' });
  });

  it('without max_tokens the natural length is capped by max_output_tokens', async () => {
    const { truth } = await run({ mock: { output_tokens: 500, max_output_tokens: 7 } });
    expect(truth).toMatchObject({ output_tokens: 7, finish_reason: 'length' });
  });

  it('packs tokens_per_chunk tokens into each chunk', async () => {
    const { truth } = await run({ max_tokens: 10, ignore_eos: true, mock: { tokens_per_chunk: 4 } });
    expect(truth.frames.filter((f) => f.tokens > 0).map((f) => f.tokens)).toEqual([4, 4, 2]);
  });

  it('streams reasoning first, counted against max_tokens, and marks the first answer token', async () => {
    const { truth, chunks } = await run({
      max_tokens: 8,
      ignore_eos: true,
      stream_options: { include_usage: true },
      mock: { reasoning_tokens: 5 },
    });
    expect(truth).toMatchObject({ reasoning_tokens: 5, content_tokens: 3, output_tokens: 8 });
    expect(truth.frames.filter((f) => f.tokens > 0).map((f) => f.kind)).toEqual([
      ...Array(5).fill('reasoning'),
      ...Array(3).fill('content'),
    ]);
    expect(truth.summary.first_content_offset_ms).toBeGreaterThan(truth.summary.first_token_offset_ms!);
    expect(chunks.at(-1)!.usage!.completion_tokens_details!.reasoning_tokens).toBe(5);
  });
});

describe('ground truth over HTTP', () => {
  it('serves one request, all since a sequence number, and the stats', async () => {
    const capture = await openSse(mock.url, '/v1/completions', {
      model: 'mock-llm',
      prompt: 'p',
      stream: true,
      max_tokens: 3,
    }).done;
    const id = capture.headers['x-request-id'] as string;
    const one = await http(mock.url, 'GET', `/__mock/requests/${id}/ground-truth`);
    expect(one.status).toBe(200);
    expect(one.json).toEqual(JSON.parse(JSON.stringify(mock.groundTruth(id))));
    const seq = (one.json as RequestGroundTruth).request_seq;
    const since = await http(mock.url, 'GET', `/__mock/ground-truth?since_seq=${seq - 1}`);
    expect((since.json as { data: RequestGroundTruth[] }).data.map((t) => t.id)).toEqual([id]);
    expect((await http(mock.url, 'GET', '/__mock/requests/nope/ground-truth')).status).toBe(404);
    expect((await http(mock.url, 'GET', '/__mock/ground-truth?since_seq=-1')).status).toBe(400);
    const stats = (await http(mock.url, 'GET', '/__mock/stats')).json as Record<string, unknown>;
    expect(stats).toMatchObject({ seed: 21, in_flight: 0, open_streams: 0 });
  });

  it('changes the behaviour with POST /__mock/config and replays from the start with /__mock/reset', async () => {
    const set = await http(mock.url, 'POST', '/__mock/config', { body: { behaviour: { output_tokens: 2 } } });
    expect(set.status).toBe(200);
    expect((set.json as { behaviour: { output_tokens: unknown } }).behaviour.output_tokens).toEqual({
      dist: 'fixed',
      value: 2,
    });
    expect(
      (await http(mock.url, 'POST', '/__mock/config', { body: { behaviour: { load: 3 } } })).status,
    ).toBe(400);
    const reset = await http(mock.url, 'POST', '/__mock/reset', { body: { seed: 9 } });
    expect(reset.json).toEqual({ seed: 9 });
    expect(mock.seed).toBe(9);
    expect(mock.allGroundTruth()).toEqual([]);
    const config = (await http(mock.url, 'GET', '/__mock/config')).json as {
      behaviour: { output_tokens: unknown };
    };
    expect(config.behaviour.output_tokens).not.toEqual({ dist: 'fixed', value: 2 });
    mock.reset();
    expect(mock.seed).toBe(21);
  });
});
