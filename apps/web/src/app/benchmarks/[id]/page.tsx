import { BenchmarkDetailView } from '@/components/benchmarks/benchmark-detail-view';
import { recordPage } from '@/components/shared/route-page';

const page = recordPage('Benchmark', BenchmarkDetailView);

export const generateMetadata = page.generateMetadata;
export default page.Page;
