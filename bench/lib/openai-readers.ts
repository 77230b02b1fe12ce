/**
 * The two readers the OpenAI bench compares, both sending the same streaming chat request to
 * the mock and both giving back, per stream, the response id (to find its ground truth), the
 * instant the request was sent (epoch ms) and when each token chunk arrived (ms after it).
 *
 * - baseline: the least a node:http SSE reader can do and still time a stream. It stamps each
 *   chunk on 'data', splits frames on blank lines and looks for a content delta (no JSON
 *   parsing, no timers); same transport settings as the client's agent.
 * - client: the OpenAI-compatible provider exactly as the engine uses it (stream mode,
 *   default settings), its per-chunk arrivals read from the outcome's token timeline.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { createOpenAIProvider } from '@tfbench/openai';

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
  const agent = new http.Agent({
    keepAlive: true,
    maxSockets: 1024,
    maxFreeSockets: 256,
    scheduling: 'lifo',
  });
  const url = new URL(`${baseURL.replace(/\/$/, '')}/chat/completions`);
  const body = Buffer.from(JSON.stringify(chatBody(tokens)));
  return {
    name: 'baseline',
    read: () => readOne(url, agent, body),
    close: async () => agent.destroy(),
  };
}

function readOne(url: URL, agent: http.Agent, body: Buffer): Promise<StreamReading> {
  return new Promise((resolve) => {
    const arrivals: number[] = [];
    let id: string | null = null;
    let buffered = '';
    let settled = false;
    const t0 = performance.now();
    const done = (failure: string | null): void => {
      if (settled) return;
      settled = true;
      resolve({ id, failure, t0EpochMs: performance.timeOrigin + t0, arrivals });
    };
    const request = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          accept: 'text/event-stream',
          'content-length': String(body.length),
        },
      },
      (res) => {
        const header = res.headers['x-request-id'];
        id = typeof header === 'string' ? header : null;
        if (res.statusCode !== 200) {
          res.resume();
          done(`HTTP ${res.statusCode}`);
          return;
        }
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          const at = performance.now() - t0;
          buffered += chunk;
          let end = buffered.indexOf('\n\n');
          while (end !== -1) {
            if (buffered.slice(0, end).includes(CONTENT_MARK)) arrivals.push(at);
            buffered = buffered.slice(end + 2);
            end = buffered.indexOf('\n\n');
          }
        });
        res.on('end', () => done(null));
        res.on('error', (error) => done(`stream error: ${error.message}`));
      },
    );
    request.on('error', (error) => done(`request error: ${error.message}`));
    request.end(body);
  });
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
