import { Agent } from 'node:http';
import { describe, expect, it } from 'vitest';
import { loadMultiplier, startMockOpenAI } from '../src/index.js';
import { CHAT, openSse, parseFrames, streamedText, withLoopStall } from './helpers.js';

describe('slow-down under load', () => {
  it('follows 1 + max(0, in_flight - knee) / scale', () => {
    const load = { knee: 8, scale: 4 };
    expect(loadMultiplier(load, 1)).toBe(1);
    expect(loadMultiplier(load, 8)).toBe(1);
    expect(loadMultiplier(load, 12)).toBe(2);
    expect(loadMultiplier(load, 20)).toBe(4);
    expect(loadMultiplier(null, 1000)).toBe(1);
  });

  it('stretches TTFT and gaps beyond the knee, and leaves them alone below it', async () => {
    const mock = await startMockOpenAI({
      seed: 2,
      behaviour: { ttft_ms: 80, tokens_per_s: 50, gap_jitter: 0, load: { knee: 4, scale: 4 } },
    });
    try {
      const { value: captures, stall_ms } = await withLoopStall(() =>
        Promise.all(
          Array.from(
            { length: 12 },
            () =>
              openSse(mock.url, '/v1/chat/completions', {
                ...CHAT,
                stream: true,
                max_tokens: 4,
                ignore_eos: true,
              }).done,
          ),
        ),
      );
      const tolerance = 20 + stall_ms;
      const truths = captures.map((c) => mock.groundTruth(c.headers['x-request-id'] as string)!);
      expect(Math.max(...truths.map((t) => t.in_flight_at_start))).toBe(12);
      for (const t of truths) {
        const tokens = t.frames.filter((f) => f.tokens > 0);
        const expected = 1 + Math.max(0, t.in_flight_at_start - 4) / 4;
        expect(tokens[0]!.load_multiplier).toBe(expected);
        const ttft = tokens[0]!.offset_ms - t.body_parsed_offset_ms;
        expect(ttft).toBeGreaterThan(80 * expected - 1.5);
        expect(ttft).toBeLessThan(80 * expected + tolerance);
        // Each gap is 20 ms times the multiplier in force when the chunk before it went out,
        // counted from the previous deadline, or from the previous write when that was late.
        for (let i = 1; i < tokens.length; i++) {
          const gap = 20 * tokens[i]!.load_multiplier;
          const prev = tokens[i - 1]!;
          const planned = tokens[i]!.planned_offset_ms!;
          expect(planned - prev.planned_offset_ms!).toBeGreaterThanOrEqual(gap - 0.01);
          // 0.01 ms: the deadlines are sums of floats, so an exact bound can miss by an ulp.
          expect(planned).toBeLessThanOrEqual(
            Math.max(prev.planned_offset_ms! + gap, prev.offset_ms + gap / 2 + tolerance) + 0.01,
          );
        }
      }
      // The sweep's knee: requests that arrived with few in flight kept the base TTFT.
      const early = truths.filter((t) => t.in_flight_at_start <= 4);
      expect(early.length).toBeGreaterThan(0);
      for (const t of early) expect(t.frames.find((f) => f.tokens > 0)!.load_multiplier).toBe(1);
    } finally {
      await mock.close();
    }
  });
});

describe('many streams at once', () => {
  const STREAMS = 500;

  it(`serves ${STREAMS} concurrent streams, each complete and correctly framed`, async () => {
    const mock = await startMockOpenAI({
      seed: 500,
      // A TTFT long enough that every connection is open before the first stream ends, however
      // slowly a loaded machine accepts them; correctness under load only, speed is benched.
      behaviour: { ttft_ms: { dist: 'uniform', min: 5000, max: 5500 }, tokens_per_s: 50, load: null },
    });
    const agent = new Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY });
    try {
      const captures = await Promise.all(
        Array.from(
          { length: STREAMS },
          () =>
            openSse(
              mock.url,
              '/v1/chat/completions',
              {
                ...CHAT,
                stream: true,
                max_tokens: 20,
                ignore_eos: true,
                stream_options: { include_usage: true },
              },
              { agent },
            ).done,
        ),
      );
      const stats = mock.stats();
      expect(stats.max_open_streams).toBe(STREAMS);
      expect(stats).toMatchObject({
        open_streams: 0,
        in_flight: 0,
        generations: STREAMS,
        tokens_sent: STREAMS * 20,
      });
      for (const capture of captures) {
        expect(capture.status).toBe(200);
        expect(capture.ending).toBe('end');
        const { chunks, done } = parseFrames(capture);
        expect(done).toBe(true);
        expect(streamedText(chunks).split(' ')).toHaveLength(20);
        expect(chunks.at(-1)!.usage!.completion_tokens).toBe(20);
        const truth = mock.groundTruth(capture.headers['x-request-id'] as string)!;
        expect(truth.summary.tokens_sent).toBe(20);
        expect(truth.response.end_reason).toBe('complete');
      }
    } finally {
      agent.destroy();
      await mock.close();
    }
  }, 60_000);
});
