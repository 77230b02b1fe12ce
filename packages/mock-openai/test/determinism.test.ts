import { describe, expect, it } from 'vitest';
import { type MockOpenAI, type RequestGroundTruth, startMockOpenAI } from '../src/index.js';
import { CHAT, http, openSse } from './helpers.js';

/**
 * Same seed + same behaviour + same order of generation requests => same plans: faults, TTFT,
 * speed, lengths, chunking and text. Ids and wall-clock times are not part of the promise.
 */
const BEHAVIOUR = {
  ttft_ms: { dist: 'lognormal', median: 20, sigma: 0.5, max: 60 },
  tokens_per_s: { dist: 'uniform', min: 300, max: 600 },
  tokens_per_chunk: { dist: 'uniform', min: 1, max: 3 },
  reasoning_tokens: { dist: 'uniform', min: 0, max: 5 },
  output_tokens: { dist: 'uniform', min: 3, max: 12 },
  fault_rates: { rate_limit: 0.2, stream_error: 0.2 },
  load: null,
} as const;

interface Replay {
  plan: Partial<RequestGroundTruth>;
  tokens: number[];
  text: string;
}

async function playSequence(mock: MockOpenAI, seeds: (number | null)[] = [null, null, null, null, null]) {
  const out: Replay[] = [];
  for (const [i, seed] of seeds.entries()) {
    const body = {
      ...CHAT,
      ...(seed === null ? {} : { seed }),
      ...(i % 2 === 0 ? { stream: true } : {}),
    };
    let id: string;
    let text: string;
    if (i % 2 === 0) {
      const capture = await openSse(mock.url, '/v1/chat/completions', body).done;
      id = capture.headers['x-request-id'] as string;
      text = capture.raw.replace(/"(id|created)":("[^"]*"|\d+)/g, '');
    } else {
      const res = await http(mock.url, 'POST', '/v1/chat/completions', { body });
      id = res.headers['x-request-id'] as string;
      text = res.body.replace(/"(id|created)":("[^"]*"|\d+)/g, '');
    }
    const t = mock.groundTruth(id)!;
    out.push({
      plan: {
        seed: t.seed,
        fault: t.fault,
        planned_ttft_ms: t.planned_ttft_ms,
        planned_tokens_per_s: t.planned_tokens_per_s,
        reasoning_tokens: t.reasoning_tokens,
        output_tokens: t.output_tokens,
        finish_reason: t.finish_reason,
      },
      tokens: t.frames.map((f) => f.tokens),
      text,
    });
  }
  return out;
}

async function withMock<T>(seed: number, fn: (m: MockOpenAI) => Promise<T>): Promise<T> {
  const mock = await startMockOpenAI({ seed, behaviour: BEHAVIOUR });
  try {
    return await fn(mock);
  } finally {
    await mock.close();
  }
}

describe('determinism by seed', () => {
  it('replays the same plans and bytes for the same seed, and others for another seed', async () => {
    const a = await withMock(42, (m) => playSequence(m));
    const b = await withMock(42, (m) => playSequence(m));
    const c = await withMock(43, (m) => playSequence(m));
    expect(b).toEqual(a);
    expect(c.map((r) => r.plan)).not.toEqual(a.map((r) => r.plan));
    // The rates really injected faults in the sequence, so faults are part of what replays.
    expect(a.some((r) => r.plan.fault !== 'none')).toBe(true);
  });

  it('a request seed alone decides its plan, and leaves the draws of the requests after it alone', async () => {
    const withSeed = await withMock(1, (m) => playSequence(m, [null, 777, null]));
    const otherServer = await withMock(2, (m) => playSequence(m, [777]));
    expect(otherServer[0]!.plan).toEqual(withSeed[1]!.plan);
    const withoutSeed = await withMock(1, (m) => playSequence(m, [null, null, null]));
    expect(withoutSeed[2]).toEqual(withSeed[2]);
    expect(withoutSeed[0]).toEqual(withSeed[0]);
  });

  it('replays from the start after reset()', async () => {
    await withMock(8, async (m) => {
      const first = await playSequence(m);
      m.reset();
      expect(await playSequence(m)).toEqual(first);
      m.reset({ seed: 9 });
      expect((await playSequence(m)).map((r) => r.plan)).not.toEqual(first.map((r) => r.plan));
    });
  });
});
