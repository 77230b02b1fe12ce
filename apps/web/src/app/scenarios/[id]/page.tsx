import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { ScenarioDetailView } from '@/components/scenarios/scenario-detail-view';

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  return { title: `Scenario #${id}` };
}

export default async function ScenarioDetailPage({ params }: Props) {
  const { id } = await params;
  if (!/^[1-9]\d{0,9}$/.test(id)) notFound();
  return <ScenarioDetailView id={Number(id)} />;
}
