import type { Metadata } from 'next';
import { Suspense } from 'react';
import { SessionLoading } from '@/components/auth/session-states';
import { SetupForm } from '@/components/auth/setup-form';

export const metadata: Metadata = { title: 'Create the administrator' };

export default function SetupPage() {
  return (
    <Suspense fallback={<SessionLoading />}>
      <SetupForm />
    </Suspense>
  );
}
