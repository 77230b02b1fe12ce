/**
 * A benchmark's report as one HTML file: the JSON report's head and runs, plus the provider and
 * name of the scenario's automation, rendered by html-report. The runs are reduced to a few
 * numbers each as they stream, so a large benchmark costs little memory.
 */
import { selectAutomationById } from '../repositories/automations.js';
import type { CoreDeps } from '../services/deps.js';
import { getBenchmarkReport } from './benchmark-report.js';
import { collectReportRuns, type HtmlReportEnvironment, renderHtmlReport } from './html-report/index.js';

/** What the caller knows of the deployment; the automation is looked up here. */
export type ReportDeployment = Pick<HtmlReportEnvironment, 'tfbench_version' | 'mode' | 'database'>;

/**
 * NotFoundError (404) when there is no such benchmark.
 *
 * @example
 * const page = await getBenchmarkReportHtml(deps, 7, { tfbench_version: '0.1.0', mode: 'mock', database: 'pglite' });
 */
export async function getBenchmarkReportHtml(
  deps: CoreDeps,
  id: number,
  deployment: ReportDeployment,
): Promise<string> {
  const report = await getBenchmarkReport(deps, id);
  const automationId = report.head.scenario?.automation_id;
  const [runs, automation] = await Promise.all([
    collectReportRuns(report.runs),
    automationId === undefined ? undefined : selectAutomationById(deps.db.db, automationId),
  ]);
  return renderHtmlReport({
    head: report.head,
    runs,
    environment: {
      ...deployment,
      provider: automation?.provider ?? null,
      automation: automation ? { id: automation.id, name: automation.name } : null,
    },
  });
}
