/**
 * Follow GET /api/v1/events (Server-Sent Events) until aborted: each event goes to `onEvent`
 * with its kind and parsed data. When the server closes the stream (a restart, a proxy's
 * timeout) it reconnects with Last-Event-ID, so no event is lost or repeated; the first
 * connection failing is an error, later ones are retried.
 */
import type { ApiClient } from './api-client.js';

export interface StreamEvent {
  id: string | undefined;
  kind: string;
  data: unknown;
}

export interface FollowEventsOptions {
  /** Query of /events: kinds, scenario_id, benchmark_id. */
  query: URLSearchParams;
  signal: AbortSignal;
  onEvent(event: StreamEvent): void;
  /** Told when the stream dropped and is being reopened. */
  onReconnect(reason: string): void;
  /**
   * Told once, when the first connection is answered: the server subscribes before it
   * answers, so every event from then on will arrive.
   */
  onConnected?(): void;
  /** Delay before reconnecting (the server suggests one with `retry:`). */
  retryMs?: number;
}

export async function followEvents(client: ApiClient, options: FollowEventsOptions): Promise<void> {
  let lastId: string | undefined;
  let retryMs = options.retryMs ?? 3_000;
  let connected = false;
  while (!options.signal.aborted) {
    try {
      const headers: Record<string, string> = lastId ? { 'last-event-id': lastId } : {};
      const response = await client.openStream(`/events?${options.query}`, headers, options.signal);
      if (!connected) options.onConnected?.();
      connected = true;
      for await (const block of eventBlocks(response, options.signal)) {
        const parsed = parseBlock(block);
        if (parsed.retry !== undefined) retryMs = parsed.retry;
        if (parsed.id !== undefined) lastId = parsed.id;
        if (parsed.data === undefined) continue;
        let data: unknown;
        try {
          data = JSON.parse(parsed.data);
        } catch {
          data = parsed.data;
        }
        options.onEvent({ id: parsed.id, kind: parsed.event ?? 'message', data });
      }
      if (options.signal.aborted) return;
      options.onReconnect('the server closed the stream');
    } catch (error) {
      if (options.signal.aborted) return;
      if (!connected) throw error;
      options.onReconnect(error instanceof Error ? error.message : String(error));
    }
    await sleep(retryMs, options.signal);
  }
}

/** The stream's text cut at blank lines: one block per event or comment. */
async function* eventBlocks(response: Response, signal: AbortSignal): AsyncGenerator<string> {
  if (!response.body) return;
  const decoder = new TextDecoder();
  let buffer = '';
  const reader = response.body.getReader();
  const cancel = () => void reader.cancel().catch(() => {});
  signal.addEventListener('abort', cancel, { once: true });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n');
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        yield buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
      }
    }
  } finally {
    signal.removeEventListener('abort', cancel);
  }
}

function parseBlock(block: string): { id?: string; event?: string; data?: string; retry?: number } {
  const out: { id?: string; event?: string; data?: string; retry?: number } = {};
  for (const line of block.split('\n')) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id') out.id = value;
    else if (field === 'event') out.event = value;
    else if (field === 'data') out.data = out.data === undefined ? value : `${out.data}\n${value}`;
    else if (field === 'retry' && /^\d+$/.test(value)) out.retry = Number(value);
  }
  return out;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
