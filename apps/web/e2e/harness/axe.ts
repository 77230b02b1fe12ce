/**
 * The accessibility scan: axe-core's browser bundle injected into the page and run there.
 * (@axe-core/playwright needs Node 22; the engine itself has no Node requirement.)
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { AXE_SOURCE_FILE } from './paths.js';

const AXE_SOURCE = readFileSync(AXE_SOURCE_FILE, 'utf8');

export interface Violation {
  rule: string;
  impact: string;
  help: string;
  /** CSS selectors of the offending elements and axe's summary of what is wrong with each. */
  nodes: Array<{ target: string; summary: string }>;
}

/** Impacts that fail the suite; moderate and minor ones are reported by axe but tolerated. */
export const BLOCKING_IMPACTS = new Set(['serious', 'critical']);

/**
 * Runs axe on the page as it is now (WCAG 2.x A and AA rules and axe's best practices) and
 * returns the violations, most severe first.
 */
export async function scanAccessibility(page: Page): Promise<Violation[]> {
  const loaded = await page.evaluate(() => typeof (window as { axe?: unknown }).axe === 'object');
  if (!loaded) await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(async () => {
    type AxeResult = {
      violations: Array<{
        id: string;
        impact: string | null;
        help: string;
        nodes: Array<{ target: unknown[]; failureSummary?: string }>;
      }>;
    };
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<AxeResult> } })
      .axe;
    const result = await axe.run(document, {
      runOnly: {
        type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'],
      },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      rule: v.id,
      impact: v.impact ?? 'unknown',
      help: v.help,
      nodes: v.nodes
        .slice(0, 5)
        .map((n) => ({ target: n.target.join(' '), summary: n.failureSummary ?? '' })),
    }));
  });
  const order = ['critical', 'serious', 'moderate', 'minor', 'unknown'];
  return violations.sort((x, y) => order.indexOf(x.impact) - order.indexOf(y.impact));
}

/** A readable list of violations for an assertion message. */
export function describeViolations(violations: Violation[]): string {
  return violations
    .map(
      (v) =>
        `[${v.impact}] ${v.rule}: ${v.help}\n${v.nodes.map((n) => `    ${n.target}\n      ${n.summary.replace(/\n/g, '\n      ')}`).join('\n')}`,
    )
    .join('\n');
}
