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
 * @example
 * const RateChart = lazyChart(() => import('@/components/charts/rate-chart'));
 */
export function lazyChart<P extends object>(load: () => Promise<ChartModule<P>>): ComponentType<P> {
  let loaded: ComponentType<P> | undefined;
  let failed: unknown;
  let loading: Promise<void> | undefined;
  const listeners = new Set<() => void>();
  const settle = () => {
    for (const listener of listeners) listener();
  };
  const start = () => {
    loading ??= load().then(
      (module) => {
        loaded = module.default;
        settle();
      },
      (error: unknown) => {
        // Thrown at render to the page's error boundary, as a failed lazy import would be.
        failed = error;
        settle();
      },
    );
  };
  if (typeof window !== 'undefined') start();

  const subscribe = (listener: () => void) => {
    listeners.add(listener);
    start();
    return () => listeners.delete(listener);
  };
  // The server and the hydrating client both render the skeleton, so hydration always matches.
  const serverSnapshot = () => undefined;
  const snapshot = () => loaded;

  function LazyChart(props: P) {
    const Chart = useSyncExternalStore(subscribe, snapshot, serverSnapshot);
    if (failed !== undefined) throw failed;
    return Chart ? <Chart {...props} /> : <Skeleton className="h-full w-full" />;
  }
  return LazyChart;
}
