import type { Metadata } from 'next';
import { AutomationsView } from '@/components/automations/automations-view';
import { suspendedPage } from '@/components/shared/route-page';

export const metadata: Metadata = { title: 'Automations' };

export default suspendedPage(AutomationsView);
