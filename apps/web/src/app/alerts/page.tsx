import type { Metadata } from 'next';
import { Suspense } from 'react';
import { AlertsView } from '@/components/alerts/alerts-view';
import { PageSkeleton } from '@/components/shared/page-skeleton';

export const metadata: Metadata = { title: 'Alerts' };

export default function AlertsPage() {
  return (
    <Suspense fallback={<PageSkeleton />}>
      <AlertsView />
    </Suspense>
  );
}
