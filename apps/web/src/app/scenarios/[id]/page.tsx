import { ScenarioDetailView } from '@/components/scenarios/scenario-detail-view';
import { recordPage } from '@/components/shared/route-page';

const page = recordPage('Scenario', ScenarioDetailView);

export const generateMetadata = page.generateMetadata;
export default page.Page;
