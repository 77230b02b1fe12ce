import type { Metadata } from 'next';
import { SessionLoading } from '@/components/auth/session-states';
import { SetupForm } from '@/components/auth/setup-form';
import { suspendedPage } from '@/components/shared/route-page';

export const metadata: Metadata = { title: 'Create the administrator' };

export default suspendedPage(SetupForm, <SessionLoading />);
