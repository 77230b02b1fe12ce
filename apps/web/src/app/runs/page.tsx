import type { Metadata } from 'next';
import { RunsView } from '@/components/runs/runs-view';
import { suspendedPage } from '@/components/shared/route-page';

export const metadata: Metadata = { title: 'Runs' };

export default suspendedPage(RunsView);
