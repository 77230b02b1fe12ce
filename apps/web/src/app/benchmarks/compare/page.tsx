import type { Metadata } from 'next';
import { BenchmarkCompareView } from '@/components/benchmarks/benchmark-compare-view';
import { suspendedPage } from '@/components/shared/route-page';

export const metadata: Metadata = { title: 'Compare benchmarks' };

export default suspendedPage(BenchmarkCompareView);
