'use client';

import dynamic from 'next/dynamic';
import type { ComponentType } from 'react';
import { Skeleton } from '@/components/ui/skeleton';

const chartLoading = () => <Skeleton className="h-full w-full" />;

/**
 * A chart component loaded after the first paint, a skeleton in its place until then. Recharts
 * is the heaviest dependency of the app; keeping it out of each page's first-load JavaScript
 * keeps pages quick, and charts never render on the server anyway.
 *
 * @example
 * const RateChart = lazyChart(() => import('@/components/charts/rate-chart'));
 */
export function lazyChart<P>(load: () => Promise<{ default: ComponentType<P> }>) {
  return dynamic(load, { ssr: false, loading: chartLoading });
}
