/**
 * The OpenAI accuracy bench's flags and arithmetic (bench/openai-accuracy.ts): parsing and
 * the comparison with ground truth on hand-made readings. Correctness only, never speed.
 */
import type { RequestGroundTruth } from '@tfbench/mock-openai';
import { describe, expect, it } from 'vitest';
import { mockBehaviour, parseOpenAIBenchArgs } from '../bench/lib/openai-args.js';
import { compareStreams } from '../bench/lib/openai-summary.js';

describe('bench:client:openai flags', () => {
  it('defaults to 1, 100 and 500 concurrent streams of 256 tokens at 50 tokens/s', () => {
    const options = parseOpenAIBenchArgs([]);
    expect(options.levels).toEqual([1, 100, 500]);
    expect(options.streamsPerLevel).toEqual([4, 200, 500]);
    expect(options.tokens).toBe(256);
    expect(mockBehaviour(options)).toMatchObject({
      load: null,
      gap_jitter: 0,
      tokens_per_s: 50,
      output_tokens: 256,
    });
  });

  it('takes quick-run levels, one stream count for all or one per level, and = forms', () => {
    expect(parseOpenAIBenchArgs(['--levels', '1,20', '--streams-per-level=3']).streamsPerLevel).toEqual([
      3, 3,
    ]);
    const options = parseOpenAIBenchArgs([
      '--levels',
      '2,7',
      '--streams-per-level',
      '5,9',
      '--tokens',
      '64',
      '--json',
      'x.json',
    ]);
    expect(options).toMatchObject({
      levels: [2, 7],
      streamsPerLevel: [5, 9],
      tokens: 64,
      jsonFile: 'x.json',
    });
    expect(parseOpenAIBenchArgs(['--help']).help).toBe(true);
  });

  it('rejects bad flags with a message naming them', () => {
    expect(() => parseOpenAIBenchArgs(['--levels', '1,x'])).toThrow(/--levels/);
    expect(() => parseOpenAIBenchArgs(['--levels', '1,2', '--streams-per-level', '1,2,3'])).toThrow(
      /--streams-per-level/,
    );
    expect(() => parseOpenAIBenchArgs(['--tokens', '1'])).toThrow(/--tokens/);
    expect(() => parseOpenAIBenchArgs(['--nope', '1'])).toThrow(/unknown option --nope/);
  });
});

describe('bench:client:openai comparison', () => {
  const frame = (tokens: number, mono: number) => ({ tokens, mono_ms: mono, epoch_ms: 1_000_000 + mono });
  const truth = { id: 'chatcmpl-1', frames: [frame(0, 0), frame(1, 100), frame(1, 120), frame(1, 140)] };

  it('measures ttft against the first token write and each gap against the written gap', () => {
    // t0 at mock epoch 1_000_000 - 2: the first token was written 102 ms after t0.
    const reading = { id: 'chatcmpl-1', failure: null, t0EpochMs: 999_998, arrivals: [103, 124, 143] };
    const c = compareStreams([reading], [truth as unknown as RequestGroundTruth]);
    expect(c.compared).toBe(1);
    expect(c.ttftErrors[0]).toBeCloseTo(1, 9);
    expect(c.gapErrors[0]).toBeCloseTo(1, 9);
    expect(c.gapErrors[1]).toBeCloseTo(1, 9);
  });

  it('counts failed, unmatched and truthless streams apart', () => {
    const c = compareStreams(
      [
        { id: null, failure: 'HTTP 500', t0EpochMs: 0, arrivals: [] },
        { id: 'chatcmpl-1', failure: null, t0EpochMs: 0, arrivals: [1] },
        { id: 'chatcmpl-2', failure: null, t0EpochMs: 0, arrivals: [1] },
      ],
      [truth as unknown as RequestGroundTruth],
    );
    expect(c).toMatchObject({
      compared: 0,
      failed: 1,
      mismatched: 1,
      missingTruth: 1,
      failures: ['HTTP 500'],
    });
  });
});
