'use client';

import { type ComponentType, useSyncExternalStore } from 'react';
import { Skeleton } from '@/components/ui/skeleton';

type ChartModule<P> = { default: ComponentType<P> };

/**
 * A chart component whose code is loaded after the first paint, a skeleton in its place until
 * then. Recharts is the heaviest dependency of the app; keeping it out of each page's first-load
 * JavaScript keeps pages quick, and charts never render on the server anyway.
 *
 * Two choices keep a page's figures from waiting on the chart's code:
 * - In the browser the code is asked for as soon as the page's own code runs, beside the page's
 *   data requests, not at the chart's first render once the data has arrived.
 * - The skeleton is plain state, not a Suspense fallback (as `next/dynamic` and `React.lazy`
 *   make it): React holds back the content that replaces a fallback until the fallback has been
 *   shown for 300 ms, so a chart whose code arrived in 30 ms would still appear 300 ms late.
 *
 * Call it once per chart, at module level.
 *
 * @example
 * const RateChart = lazyChart(() => import('@/components/charts/rate-chart'));
 */
export function lazyChart<P extends object>(load: () => Promise<ChartModule<P>>): ComponentType<P> {
  const source = new ChartSource(load);
  if (typeof window !== 'undefined') source.start();
  return (props: P) => <LazyChartView source={source} chartProps={props} />;
}

/** Where a chart module's loading stands: a new object at each change, as a store's snapshot must be. */
type ChartState<P> =
  | { kind: 'loading' }
  | { kind: 'loaded'; Chart: ComponentType<P> }
  | { kind: 'failed'; error: unknown };

const LOADING = { kind: 'loading' } as const;

/** One chart module: loaded once, for every chart of its kind on every page. */
class ChartSource<P> {
  private state: ChartState<P> = LOADING;
  private started = false;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly load: () => Promise<ChartModule<P>>) {}

  start(): void {
    if (this.started) return;
    this.started = true;
    this.load().then(
      (module) => this.settle({ kind: 'loaded', Chart: module.default }),
      // Thrown at render to the page's error boundary, as a failed lazy import would be.
      (error: unknown) => this.settle({ kind: 'failed', error }),
    );
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    this.start();
    return () => this.listeners.delete(listener);
  };

  readonly snapshot = (): ChartState<P> => this.state;

  /** The server and the hydrating client both render the skeleton, so hydration always matches. */
  readonly serverSnapshot = (): ChartState<P> => LOADING;

  private settle(state: ChartState<P>): void {
    this.state = state;
    for (const listener of this.listeners) listener();
  }
}

function LazyChartView<P extends object>({ source, chartProps }: { source: ChartSource<P>; chartProps: P }) {
  const state = useSyncExternalStore(source.subscribe, source.snapshot, source.serverSnapshot);
  if (state.kind === 'failed') throw state.error;
  return state.kind === 'loaded' ? <state.Chart {...chartProps} /> : <Skeleton className="h-full w-full" />;
}
