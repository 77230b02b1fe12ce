'use client';

/**
 * One live connection per browser tab to `/api/v1/events` (SSE through the proxy), shared by
 * every widget. When the API has no events endpoint (404) or the stream drops, the mode
 * falls back to "polling" and widgets refresh on a timer instead; the connection is retried
 * in the background and live mode resumes, with Last-Event-ID, once it answers again.
 */
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { API_BASE } from './api';
import { reportSignedOut } from './auth/signed-out';
import { createSseParser, type SseMessage } from './sse';

export type LiveMode = 'connecting' | 'live' | 'polling';

/** A live event with its JSON payload parsed (or the raw text when it is not JSON). */
export interface LiveEvent {
  event: string;
  data: unknown;
  id: string | undefined;
}

type Listener = (event: LiveEvent) => void;

interface LiveContextValue {
  mode: LiveMode;
  subscribe: (listener: Listener) => () => void;
}

const LiveContext = createContext<LiveContextValue>({ mode: 'polling', subscribe: () => () => {} });

/** Event names that only keep the connection alive and carry no change. */
const KEEPALIVE_EVENTS = new Set(['heartbeat', 'ping', 'keepalive', 'HEARTBEAT']);

/** How long to wait before trying the stream again after it was refused or dropped. */
const RETRY_AFTER_404_MS = 30_000;
const RETRY_MIN_MS = 1_000;
const RETRY_MAX_MS = 30_000;
/** How long to wait for the stream's headers before falling back to polling meanwhile. */
const CONNECT_GRACE_MS = 4_000;

function parseMessage(message: SseMessage): LiveEvent {
  let data: unknown = message.data;
  try {
    data = JSON.parse(message.data);
  } catch {
    // Not JSON: listeners get the text as it came.
  }
  return { event: message.event, data, id: message.id };
}

/** Opens and keeps the shared event stream; renders its children unchanged. */
export function LiveProvider({ children }: { children: ReactNode }) {
  const [mode, setMode] = useState<LiveMode>('connecting');
  const listeners = useRef(new Set<Listener>());

  useEffect(() => {
    let stopped = false;
    let controller: AbortController | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let lastEventId: string | undefined;
    let failures = 0;

    const retryLater = (ms: number) => {
      if (stopped) return;
      timer = setTimeout(connect, ms);
    };

    async function connect() {
      if (stopped) return;
      controller = new AbortController();
      // A stream whose headers are slow to come must not leave widgets without updates.
      const fallback = setTimeout(
        () => setMode((m) => (m === 'connecting' ? 'polling' : m)),
        CONNECT_GRACE_MS,
      );
      try {
        const headers: Record<string, string> = { accept: 'text/event-stream' };
        if (lastEventId) headers['last-event-id'] = lastEventId;
        const response = await fetch(`${API_BASE}/events`, {
          headers,
          signal: controller.signal,
          cache: 'no-store',
        });
        clearTimeout(fallback);
        const isStream = response.headers.get('content-type')?.includes('text/event-stream');
        if (!response.ok || !response.body || !isStream) {
          await response.body?.cancel().catch(() => undefined);
          // The stream is authorised by the session cookie like any same-origin fetch.
          if (response.status === 401) reportSignedOut();
          setMode('polling');
          failures += 1;
          retryLater(response.status === 404 ? RETRY_AFTER_404_MS : backoff(failures));
          return;
        }
        setMode('live');
        failures = 0;
        const parser = createSseParser();
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          for (const message of parser.push(value)) {
            lastEventId = message.id ?? lastEventId;
            if (KEEPALIVE_EVENTS.has(message.event)) continue;
            const event = parseMessage(message);
            for (const listener of listeners.current) listener(event);
          }
        }
        // The server closed the stream: fall back to polling until we are back.
        setMode('polling');
        retryLater(RETRY_MIN_MS);
      } catch {
        clearTimeout(fallback);
        if (stopped) return;
        setMode('polling');
        failures += 1;
        retryLater(backoff(failures));
      }
    }

    connect();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      controller?.abort();
    };
  }, []);

  const subscribe = useCallback((listener: Listener) => {
    listeners.current.add(listener);
    return () => {
      listeners.current.delete(listener);
    };
  }, []);

  const value = useMemo(() => ({ mode, subscribe }), [mode, subscribe]);
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

function backoff(failures: number): number {
  return Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** Math.min(failures, 5));
}

/** The live connection's state and a way to listen to its events. */
export function useLive(): LiveContextValue {
  return useContext(LiveContext);
}

/** The JSON object of a live event (empty when the payload is not an object). */
export function eventData(event: LiveEvent): Record<string, unknown> {
  return typeof event.data === 'object' && event.data !== null ? (event.data as Record<string, unknown>) : {};
}

/** The event's kind (`run.status`, `run.event`, `benchmark.progress`), from the payload or the SSE name. */
export function eventKind(event: LiveEvent): string {
  const kind = eventData(event).kind;
  return typeof kind === 'string' ? kind : event.event;
}

/**
 * A `matchEvent` filter for `useQuery`: events of the given kinds whose fields equal `where`.
 *
 * @example
 * useQuery(queries.run(7), { live: true, matchEvent: matchEvents(['run.status', 'run.event'], { run_id: 7 }) });
 */
export function matchEvents(kinds: readonly string[], where: Record<string, number | undefined> = {}) {
  return (event: LiveEvent): boolean => {
    if (!kinds.includes(eventKind(event))) return false;
    const data = eventData(event);
    return Object.entries(where).every(([key, value]) => value === undefined || data[key] === value);
  };
}
