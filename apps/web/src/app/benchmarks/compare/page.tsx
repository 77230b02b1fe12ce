import type { Metadata } from 'next';
import { Suspense } from 'react';
import { BenchmarkCompareView } from '@/components/benchmarks/benchmark-compare-view';
import { PageSkeleton } from '@/components/shared/page-skeleton';

export const metadata: Metadata = { title: 'Compare benchmarks' };

export default function ComparePage() {
  return (
    <Suspense fallback={<PageSkeleton />}>
      <BenchmarkCompareView />
    </Suspense>
  );
}
