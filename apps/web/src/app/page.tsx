import { DashboardView } from '@/components/dashboard/dashboard-view';
import { suspendedPage } from '@/components/shared/route-page';

export default suspendedPage(DashboardView);
