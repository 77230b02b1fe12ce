import type { Metadata } from 'next';
import { DatasetsView } from '@/components/datasets/datasets-view';
import { suspendedPage } from '@/components/shared/route-page';

export const metadata: Metadata = { title: 'Datasets' };

export default suspendedPage(DatasetsView);
