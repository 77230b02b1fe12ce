import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { RunDetailView } from '@/components/runs/run-detail-view';

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  return { title: `Run #${id}` };
}

export default async function RunDetailPage({ params }: Props) {
  const { id } = await params;
  if (!/^[1-9]\d{0,9}$/.test(id)) notFound();
  return <RunDetailView id={Number(id)} />;
}
