import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { BenchmarkDetailView } from '@/components/benchmarks/benchmark-detail-view';

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  return { title: `Benchmark #${id}` };
}

export default async function BenchmarkDetailPage({ params }: Props) {
  const { id } = await params;
  if (!/^[1-9]\d{0,9}$/.test(id)) notFound();
  return <BenchmarkDetailView id={Number(id)} />;
}
