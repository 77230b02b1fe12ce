import { Suspense } from 'react';
import { DashboardView } from '@/components/dashboard/dashboard-view';
import { PageSkeleton } from '@/components/shared/page-skeleton';

export default function DashboardPage() {
  return (
    <Suspense fallback={<PageSkeleton />}>
      <DashboardView />
    </Suspense>
  );
}
