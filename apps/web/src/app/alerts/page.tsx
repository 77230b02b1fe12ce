import type { Metadata } from 'next';
import { AlertsView } from '@/components/alerts/alerts-view';
import { suspendedPage } from '@/components/shared/route-page';

export const metadata: Metadata = { title: 'Alerts' };

export default suspendedPage(AlertsView);
