import type { Metadata } from 'next';
import { BenchmarksView } from '@/components/benchmarks/benchmarks-view';

export const metadata: Metadata = { title: 'Benchmarks' };

export default function BenchmarksPage() {
  return <BenchmarksView />;
}
