import { RunDetailView } from '@/components/runs/run-detail-view';
import { recordPage } from '@/components/shared/route-page';

const page = recordPage('Run', RunDetailView);

export const generateMetadata = page.generateMetadata;
export default page.Page;
