/**
 * The two readers the OpenAI bench compares, both sending the same streaming chat request to
 * the mock and both giving back, per stream, the response id (to find its ground truth), the
 * instant the request was sent (epoch ms) and when each token chunk arrived (ms after it).
 *
 * - baseline: the bare SSE reader (bare-sse.ts), looking for a content delta in each frame.
 * - client: the OpenAI-compatible provider exactly as the engine uses it (stream mode,
 *   default settings), its per-chunk arrivals read from the outcome's token timeline.
 */
import { createOpenAIProvider } from '@tfbench/openai';
import { bareAgent, readBareStream } from './bare-sse.js';

export interface StreamReading {
  id: string | null;
  failure: string | null;
  t0EpochMs: number;
  /** Token chunk arrivals, ms after t0. */
  arrivals: number[];
}

export interface StreamReader {
  name: 'baseline' | 'client';
  read(): Promise<StreamReading>;
  close(): Promise<void>;
}

const MODEL = 'mock-llm';
const CONTENT_MARK = '"delta":{"content":"';

function chatBody(tokens: number): Record<string, unknown> {
  return {
    model: MODEL,
    messages: [{ role: 'user', content: 'Count to a few hundred.' }],
    stream: true,
    max_tokens: tokens,
    stream_options: { include_usage: true },
  };
}

export function createBareOpenAIReader(baseURL: string, tokens: number): StreamReader {
  const agent = bareAgent();
  const url = new URL(`${baseURL.replace(/\/$/, '')}/chat/completions`);
  const body = Buffer.from(JSON.stringify(chatBody(tokens)));
  return {
    name: 'baseline',
    read: async (): Promise<StreamReading> => {
      const arrivals: number[] = [];
      const stream = await readBareStream(url, agent, body, (frame, at) => {
        if (frame.includes(CONTENT_MARK)) arrivals.push(at);
      });
      const header = stream.headers?.['x-request-id'];
      const id = typeof header === 'string' ? header : null;
      return { id, failure: stream.failure, t0EpochMs: stream.t0EpochMs, arrivals };
    },
    close: async () => agent.destroy(),
  };
}

export function createClientOpenAIReader(baseURL: string, tokens: number): StreamReader {
  const provider = createOpenAIProvider({ userAgent: 'tfbench-bench' });
  const config = { base_url: baseURL };
  const inputs = { model: MODEL, messages: chatBody(tokens).messages, max_tokens: tokens };
  return {
    name: 'client',
    async read(): Promise<StreamReading> {
      const outcome = await provider.execute({ inputs, config, settings: { mode: 'stream' } });
      const timeline = outcome.metrics.token_timeline ?? null;
      let failure: string | null = null;
      if (outcome.status !== 'completed')
        failure = `${outcome.status}: ${outcome.error.code} ${outcome.error.message}`;
      else if (timeline === null || timeline.stride !== 1) failure = 'no whole token timeline';
      return {
        id: outcome.upstream_run_id ?? null,
        failure,
        t0EpochMs: outcome.t0_epoch_ms ?? Number.NaN,
        arrivals: timeline === null ? [] : [...timeline.at_ms],
      };
    },
    close: () => provider.close(),
  };
}
