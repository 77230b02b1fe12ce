import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ScenariosView } from '@/components/scenarios/scenarios-view';
import { PageSkeleton } from '@/components/shared/page-skeleton';

export const metadata: Metadata = { title: 'Scenarios' };

export default function ScenariosPage() {
  return (
    <Suspense fallback={<PageSkeleton />}>
      <ScenariosView />
    </Suspense>
  );
}
