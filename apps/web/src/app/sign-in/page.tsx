import type { Metadata } from 'next';
import { SessionLoading } from '@/components/auth/session-states';
import { SignInForm } from '@/components/auth/sign-in-form';
import { suspendedPage } from '@/components/shared/route-page';

export const metadata: Metadata = { title: 'Sign in' };

export default suspendedPage(SignInForm, <SessionLoading />);
