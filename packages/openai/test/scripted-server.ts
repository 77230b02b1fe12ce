/**
 * A deterministic OpenAI-compatible server for tests: real HTTP on loopback, answering each
 * request with a script of writes at known delays after the request arrived. The instant of
 * every write is recorded on the same epoch-based monotonic scale the client's
 * `t0_epoch_ms` uses, so a test can compare measured figures with what was really sent.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll } from 'vitest';
import { createOpenAIProvider, type OpenAIProvider } from '../src/index.js';

export interface ScriptStep {
  /** ms after the request's body arrived. */
  at: number;
  /** Bytes to write (a whole SSE frame, or part of one). */
  write?: string;
  /** End the response normally. */
  end?: boolean;
  /** Drop the connection. */
  destroy?: boolean;
}

export interface Script {
  status?: number;
  headers?: Record<string, string>;
  steps: ScriptStep[];
}

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown>;
}

export interface ScriptedServer {
  /** Base URL, ending in /v1. */
  baseUrl: string;
  requests: ReceivedRequest[];
  /** Epoch ms (monotonic-derived) of each write of each request, by request index. */
  sentAt: number[][];
  close(): Promise<void>;
}

const nowEpoch = () => performance.timeOrigin + performance.now();

export async function startScriptedServer(
  scriptFor: (request: ReceivedRequest, index: number) => Script,
): Promise<ScriptedServer> {
  const requests: ReceivedRequest[] = [];
  const sentAt: number[][] = [];
  const sockets = new Set<import('node:net').Socket>();
  const server = http.createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (chunk: Buffer) => parts.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(parts).toString('utf8');
      const received: ReceivedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
      };
      const index = requests.push(received) - 1;
      const stamps: number[] = [];
      sentAt[index] = stamps;
      const script = scriptFor(received, index);
      const start = performance.now();
      res.writeHead(script.status ?? 200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache',
        ...script.headers,
      });
      res.flushHeaders();
      runSteps(script.steps, 0);

      function runSteps(steps: ScriptStep[], i: number): void {
        const step = steps[i];
        if (step === undefined) return;
        const delay = Math.max(0, start + step.at - performance.now());
        setTimeout(() => {
          if (step.write !== undefined) {
            stamps.push(nowEpoch());
            res.write(step.write);
          }
          if (step.destroy) {
            res.socket?.destroy();
            return;
          }
          if (step.end) {
            res.end();
            return;
          }
          runSteps(steps, i + 1);
        }, delay);
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    sentAt,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

// --- Frames, as servers send them.

export function frame(payload: unknown): string {
  return `data: ${JSON.stringify(payload)}\n\n`;
}

export const DONE = 'data: [DONE]\n\n';

export function chatChunk(delta: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  return frame({
    id: 'chatcmpl-test',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'test-model',
    choices: [{ index: 0, delta, finish_reason: extra.finish_reason ?? null }],
    usage: extra.usage ?? null,
  });
}

export function usage(prompt: number, completion: number, reasoning?: number): Record<string, unknown> {
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    ...(reasoning === undefined ? {} : { completion_tokens_details: { reasoning_tokens: reasoning } }),
  };
}

/** The usage chunk before [DONE], in the three shapes servers send it. */
export function usageChunk(
  u: Record<string, unknown>,
  choices: 'empty' | 'null' | 'absent' = 'empty',
): string {
  const chunk: Record<string, unknown> = {
    id: 'chatcmpl-test',
    object: 'chat.completion.chunk',
    model: 'test-model',
    usage: u,
  };
  if (choices === 'empty') chunk.choices = [];
  if (choices === 'null') chunk.choices = null;
  return frame(chunk);
}

/** A JSON answer (errors, non-stream completions): status, body, and extra headers. */
export function jsonScript(status: number, body: unknown, headers: Record<string, string> = {}): Script {
  return {
    status,
    headers: { 'content-type': 'application/json', ...headers },
    steps: [{ at: 0, write: JSON.stringify(body), end: true }],
  };
}

/** One scripted server and one provider for a test file, closed after it. */
export function useScriptedServer(scriptFor: (request: ReceivedRequest, index: number) => Script): {
  server: () => ScriptedServer;
  provider: () => OpenAIProvider;
} {
  let server: ScriptedServer;
  let provider: OpenAIProvider;
  beforeAll(async () => {
    server = await startScriptedServer(scriptFor);
    provider = createOpenAIProvider({ eventLoopSampler: null });
  });
  afterAll(async () => {
    await provider.close();
    await server.close();
  });
  return { server: () => server, provider: () => provider };
}
