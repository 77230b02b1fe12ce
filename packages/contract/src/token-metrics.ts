/** Wire schemas of an OpenAI-compatible run's token figures (docs/metrics.md §10). */
import { z } from 'zod';

const count = (description: string) => z.number().int().nullable().meta({ description });
const ms = (description: string) =>
  z
    .number()
    .nullable()
    .meta({ description: `${description} (ms).` });

export const tokenMetrics = z
  .object({
    input_tokens: count("Prompt tokens, from the server's usage."),
    output_tokens: count('Output tokens: usage when sent, otherwise the count of token-bearing chunks.'),
    reasoning_tokens: count("Reasoning tokens, from the usage's completion_tokens_details."),
    output_tokens_source: z
      .enum(['usage', 'chunks'])
      .nullable()
      .meta({ description: 'Where output_tokens came from.' }),
    time_to_first_answer_token_ms: ms('From t0 to the first chunk with answer content, reasoning excluded'),
    tpot_ms: ms('(last token − first token) / (output_tokens − 1)'),
    output_tokens_per_s: z
      .number()
      .nullable()
      .meta({ description: '(output_tokens − 1) / (last token − first token), per second.' }),
    chunks: count('Token-bearing chunks received; null without a stream.'),
    max_tokens_per_chunk: count('Most tokens one chunk carried, when continuous usage tells.'),
    finish_reason: z.string().nullable().meta({ description: 'The first choice’s finish_reason, verbatim.' }),
  })
  .meta({ id: 'TokenMetrics', description: 'Token figures of an OpenAI-compatible run.' });

export const tokenTimeline = z
  .object({
    total_chunks: z.number().int(),
    stride: z
      .number()
      .int()
      .meta({ description: 'Every stride-th chunk between the kept first and last 64.' }),
    at_ms: z.array(z.number()).meta({ description: 'Arrival of each kept chunk, ms since t0.' }),
    index: z.array(z.number().int()).meta({ description: '0-based position of each kept chunk.' }),
  })
  .meta({ id: 'TokenTimeline', description: 'A sample of at most 512 token-chunk arrivals.' });
