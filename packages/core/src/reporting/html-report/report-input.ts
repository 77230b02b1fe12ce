import type { BenchmarkReportHead } from '../benchmark-report.js';
import type { ReportRuns } from './report-runs.js';

/** Where the benchmark ran: what a reader needs to judge whether two reports compare. */
export interface HtmlReportEnvironment {
  tfbench_version: string;
  /** mock: runs went to the built-in mock provider; live: to the real one. */
  mode: 'mock' | 'live';
  /** The scenario's automation's provider (tinyfish, openai); null when unknown. */
  provider: string | null;
  /** pglite or postgres. */
  database: string;
  automation: { id: number; name: string } | null;
}

export interface HtmlReportInput {
  head: BenchmarkReportHead;
  runs: ReportRuns;
  environment: HtmlReportEnvironment;
}
