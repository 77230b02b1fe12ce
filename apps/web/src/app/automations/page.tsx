import type { Metadata } from 'next';
import { Suspense } from 'react';
import { AutomationsView } from '@/components/automations/automations-view';
import { PageSkeleton } from '@/components/shared/page-skeleton';

export const metadata: Metadata = { title: 'Automations' };

export default function AutomationsPage() {
  return (
    <Suspense fallback={<PageSkeleton />}>
      <AutomationsView />
    </Suspense>
  );
}
