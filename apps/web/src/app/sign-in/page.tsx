import type { Metadata } from 'next';
import { Suspense } from 'react';
import { SessionLoading } from '@/components/auth/session-states';
import { SignInForm } from '@/components/auth/sign-in-form';

export const metadata: Metadata = { title: 'Sign in' };

export default function SignInPage() {
  return (
    <Suspense fallback={<SessionLoading />}>
      <SignInForm />
    </Suspense>
  );
}
