import type { Metadata } from 'next';
import { Suspense } from 'react';
import { RunsView } from '@/components/runs/runs-view';
import { PageSkeleton } from '@/components/shared/page-skeleton';

export const metadata: Metadata = { title: 'Runs' };

export default function RunsPage() {
  return (
    <Suspense fallback={<PageSkeleton />}>
      <RunsView />
    </Suspense>
  );
}
