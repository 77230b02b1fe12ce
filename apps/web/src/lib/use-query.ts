'use client';

/**
 * Fetches one API resource and keeps it fresh: on mount, when its path changes, on demand,
 * and — for live widgets — whenever the event stream reports a change (or every 2 s while the
 * stream is unavailable). Previous data stays on screen while a refresh is in flight, so
 * tables do not flash back to skeletons.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, apiRequest, type Query } from './api';
import { covers, onInvalidate } from './invalidation';
import { type LiveEvent, useLive } from './live';

export interface QueryOptions {
  /** Refresh when something changes: on live events, else by polling. Default false. */
  live?: boolean;
  /** Only refresh for live events this returns true for (default: every event). */
  matchEvent?: (event: LiveEvent) => boolean;
  /** Polling interval while the live stream is unavailable, in ms. Default 2000. */
  pollMs?: number;
  /**
   * At most one refresh per this many ms however many events arrive (a benchmark produces
   * bursts). Default 500; expensive aggregates (KPIs, charts) ask for more.
   */
  eventThrottleMs?: number;
}

export interface QueryState<T> {
  data: T | undefined;
  /** `X-Total-Count` of a list response, when the API sent it. */
  total: number | undefined;
  error: ApiError | undefined;
  /** True until the first answer (data or error) for the current path. */
  isLoading: boolean;
  /** True when the data shown belongs to a previous path (a filter just changed). */
  isStale: boolean;
  reload: () => void;
}

/** Slowest refresh while the live stream is connected, in case an event was missed. */
const SAFETY_REFRESH_MS = 30_000;
/** Default of `eventThrottleMs`. */
const EVENT_THROTTLE_MS = 500;

function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError(0, 'CLIENT_ERROR', error instanceof Error ? error.message : String(error));
}

/**
 * @example
 * const runs = useQuery(queries.runs({ limit: 20 }), { live: true });
 * if (runs.error) return <ErrorState error={runs.error} />;
 */
export function useQuery<T>(query: Query<T> | null, options: QueryOptions = {}): QueryState<T> {
  const path = query?.path ?? null;
  const { live = false, matchEvent, pollMs = 2000, eventThrottleMs = EVENT_THROTTLE_MS } = options;
  const { mode, subscribe } = useLive();

  const [state, setState] = useState<{
    path: string | null;
    data: T | undefined;
    total: number | undefined;
    error: ApiError | undefined;
    settled: string | null;
  }>({ path: null, data: undefined, total: undefined, error: undefined, settled: null });

  const inFlight = useRef<AbortController | null>(null);
  const currentPath = useRef(path);
  currentPath.current = path;
  const matchRef = useRef(matchEvent);
  matchRef.current = matchEvent;

  const load = useCallback(async (target: string | null, background: boolean) => {
    if (target === null) return;
    if (background && (inFlight.current || document.hidden)) return;
    inFlight.current?.abort();
    const controller = new AbortController();
    inFlight.current = controller;
    try {
      const { data, headers } = await apiRequest<T>('GET', target, undefined, controller.signal);
      if (controller.signal.aborted || currentPath.current !== target) return;
      const totalHeader = headers.get('x-total-count');
      setState({
        path: target,
        data,
        total: totalHeader !== null && totalHeader !== '' ? Number(totalHeader) : undefined,
        error: undefined,
        settled: target,
      });
    } catch (error) {
      if (controller.signal.aborted || currentPath.current !== target) return;
      setState((prev) => ({ ...prev, error: asApiError(error), settled: target }));
    } finally {
      if (inFlight.current === controller) inFlight.current = null;
    }
  }, []);

  useEffect(() => {
    load(path, false);
    return () => {
      inFlight.current?.abort();
      inFlight.current = null;
    };
  }, [path, load]);

  // Polling while there is no live stream, a slow safety refresh while there is one.
  useEffect(() => {
    if (!live || path === null || mode === 'connecting') return;
    const every = mode === 'live' ? SAFETY_REFRESH_MS : pollMs;
    const timer = setInterval(() => load(path, true), every);
    const onVisible = () => {
      if (!document.hidden) load(path, true);
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [live, path, mode, pollMs, load]);

  // Refresh on live events, throttled.
  useEffect(() => {
    if (!live || path === null || mode !== 'live') return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = subscribe((event) => {
      // `resync`: the server lost events we missed, so every live widget reloads.
      if (event.event !== 'resync' && matchRef.current && !matchRef.current(event)) return;
      if (timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        load(path, true);
      }, eventThrottleMs);
    });
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, [live, path, mode, subscribe, load, eventThrottleMs]);

  // A write elsewhere on the page changed this resource.
  useEffect(
    () =>
      onInvalidate((prefix) => {
        const current = currentPath.current;
        if (current !== null && covers(prefix, current)) load(current, false);
      }),
    [load],
  );

  const reload = useCallback(() => {
    load(currentPath.current, false);
  }, [load]);

  const settledHere = state.settled === path;
  return {
    data: state.data,
    total: state.total,
    error: settledHere ? state.error : undefined,
    isLoading: path !== null && !settledHere && state.data === undefined,
    isStale: path !== state.path && state.data !== undefined,
    reload,
  };
}
