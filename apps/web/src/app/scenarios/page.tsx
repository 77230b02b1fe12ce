import type { Metadata } from 'next';
import { ScenariosView } from '@/components/scenarios/scenarios-view';
import { suspendedPage } from '@/components/shared/route-page';

export const metadata: Metadata = { title: 'Scenarios' };

export default suspendedPage(ScenariosView);
