/**
 * Synthetic datasets, as properties over many specs: the prompt token counts drawn have the
 * requested mean and standard deviation (within a few standard errors), each prompt has the
 * documented 0.75 words per token, and the same seed gives the same rows.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type SyntheticSpec, syntheticRows, WORDS_PER_TOKEN } from '../src/datasets/synthetic.js';

const ROWS = 1000;

/** Specs whose normal rarely reaches the floor of 1 token (sd at most a quarter of the mean). */
const specs = fc
  .record({
    mean: fc.integer({ min: 40, max: 1000 }),
    sdShare: fc.double({ min: 0, max: 0.25, noNaN: true }),
    output: fc.integer({ min: 1, max: 4096 }),
    seed: fc.integer({ min: 0, max: 4_294_967_295 }),
  })
  .map(
    ({ mean, sdShare, output, seed }): SyntheticSpec => ({
      rows: ROWS,
      prompt_tokens: { mean, sd: mean * sdShare },
      output_tokens: output,
      seed,
    }),
  );

function meanAndSd(values: readonly number[]): { mean: number; sd: number } {
  const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
  const variance = values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (values.length - 1);
  return { mean, sd: Math.sqrt(variance) };
}

describe('synthetic rows', () => {
  it('draw prompt tokens with the requested mean and sd, within five standard errors', () => {
    fc.assert(
      fc.property(specs, (spec) => {
        const tokens = syntheticRows(spec).map((row) => row.prompt_tokens as number);
        const { mean, sd } = meanAndSd(tokens);
        const wanted = spec.prompt_tokens;
        // Rounding to whole tokens adds up to 0.5 to the mean and about 0.29 to the sd.
        expect(Math.abs(mean - wanted.mean)).toBeLessThanOrEqual((5 * wanted.sd) / Math.sqrt(ROWS) + 0.5);
        expect(Math.abs(sd - wanted.sd)).toBeLessThanOrEqual((5 * wanted.sd) / Math.sqrt(2 * ROWS) + 0.5);
      }),
      { numRuns: 20 },
    );
  });

  it('write round(0.75 k) words for k tokens and ask for the output tokens given', () => {
    fc.assert(
      fc.property(specs, (spec) => {
        for (const row of syntheticRows({ ...spec, rows: 50 })) {
          const words = (row.prompt as string).split(' ').length;
          expect(words).toBe(Math.max(1, Math.round((row.prompt_tokens as number) * WORDS_PER_TOKEN)));
          expect(row.max_tokens).toBe(spec.output_tokens);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('give the same rows for the same seed', () => {
    fc.assert(
      fc.property(specs, (spec) => {
        const small = { ...spec, rows: 30 };
        expect(syntheticRows(small)).toEqual(syntheticRows({ ...small }));
      }),
      { numRuns: 40 },
    );
  });
});
