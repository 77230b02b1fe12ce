/**
 * Synthetic datasets: rows whose prompt length follows a normal distribution of tokens, from a
 * seed. No tokenizer is bundled, so lengths use the documented approximation of about 0.75
 * English words per token (OpenAI's rule of thumb: 100 tokens ≈ 75 words): a prompt of k tokens
 * is round(0.75 k) words drawn from a fixed word list. `prompt_tokens` on each row is the k drawn,
 * the figure to compare server-reported usage against.
 */
import type { JsonObject } from '@tfbench/domain/model';
import { createRandom } from '@tfbench/domain/statistics';
import { IssueList, isPlainObject } from '../services/checks.js';
import { DATASET_LIMITS } from './limits.js';

export const WORDS_PER_TOKEN = 0.75;

const WORDS = (
  'the of and to in is that for it as was with be by on not he this are or his from at which but ' +
  'have an they you were her she there been one all we their has would when if so no what up out ' +
  'about into than them can only other time new some could these two may first then do any like ' +
  'my now over such our man me even most made after also did many before must through back years ' +
  'where much your way well down should because each just those people how too little state good'
).split(' ');

export interface SyntheticSpec {
  rows: number;
  prompt_tokens: { mean: number; sd: number };
  output_tokens: number;
  seed: number;
}

/** Issues of a synthetic request, each naming its field under `synthetic.`. */
export function checkSyntheticSpec(value: unknown): SyntheticSpec {
  const issues = new IssueList();
  const max = DATASET_LIMITS.maxSyntheticTokens;
  if (!isPlainObject(value)) {
    issues.add(
      'synthetic',
      'must be an object {"rows", "prompt_tokens": {"mean", "sd"}, "output_tokens", "seed"}',
    );
    issues.throwIfAny();
  }
  const spec = value as Record<string, unknown>;
  const whole = (field: string, v: unknown, min: number, top: number) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > top)
      issues.add(`synthetic.${field}`, `must be a whole number from ${min} to ${top}`);
  };
  whole('rows', spec.rows, 1, DATASET_LIMITS.maxRows);
  whole('output_tokens', spec.output_tokens, 1, max);
  whole('seed', spec.seed ?? 0, 0, 4_294_967_295);
  const prompt = spec.prompt_tokens;
  if (!isPlainObject(prompt)) issues.add('synthetic.prompt_tokens', 'must be an object {"mean", "sd"}');
  else {
    const { mean, sd = 0 } = prompt;
    if (typeof mean !== 'number' || !Number.isFinite(mean) || mean < 1 || mean > max)
      issues.add('synthetic.prompt_tokens.mean', `must be a number from 1 to ${max}`);
    if (typeof sd !== 'number' || !Number.isFinite(sd) || sd < 0 || sd > max)
      issues.add('synthetic.prompt_tokens.sd', `must be a number from 0 to ${max}`);
  }
  for (const key of Object.keys(spec)) {
    if (!['rows', 'prompt_tokens', 'output_tokens', 'seed'].includes(key))
      issues.add(`synthetic.${key}`, 'is not a field of synthetic');
  }
  issues.throwIfAny();
  const tokens = prompt as { mean: number; sd?: number };
  return {
    rows: spec.rows as number,
    prompt_tokens: { mean: tokens.mean, sd: tokens.sd ?? 0 },
    output_tokens: spec.output_tokens as number,
    seed: (spec.seed as number | undefined) ?? 0,
  };
}

/**
 * The rows of a synthetic dataset: `{prompt, prompt_tokens, max_tokens}`, the same for the same spec.
 *
 * @example
 * syntheticRows({ rows: 2, prompt_tokens: { mean: 100, sd: 10 }, output_tokens: 50, seed: 1 });
 * // [{ prompt: 'the way ...' (≈ 75 words), prompt_tokens: 97, max_tokens: 50 }, ...]
 */
export function syntheticRows(spec: SyntheticSpec): JsonObject[] {
  const random = createRandom(spec.seed);
  const rows: JsonObject[] = [];
  for (let i = 0; i < spec.rows; i++) {
    const drawn = Math.round(random.normal(spec.prompt_tokens.mean, spec.prompt_tokens.sd));
    const tokens = Math.min(DATASET_LIMITS.maxSyntheticTokens, Math.max(1, drawn));
    const words: string[] = [];
    const count = Math.max(1, Math.round(tokens * WORDS_PER_TOKEN));
    for (let w = 0; w < count; w++) words.push(WORDS[random.int(WORDS.length)] as string);
    rows.push({ prompt: words.join(' '), prompt_tokens: tokens, max_tokens: spec.output_tokens });
  }
  return rows;
}
