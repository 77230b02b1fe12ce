/**
 * The thresholds as a JUnit XML report: one test case per threshold, failed when it did not
 * hold, so CI systems show each one as a test. A benchmark that did not complete adds one
 * failed case, so a report is never green while the run was not carried out.
 */
import { allowance, observed, signed } from './format.js';
import type { RunResult } from './run-result.js';

export function renderJunit(result: RunResult): string {
  const seconds = durationSeconds(result);
  const cases = result.thresholds.map((t) => {
    const name = attr(t.expression);
    if (t.passed) return `    <testcase classname="tfbench.thresholds" name="${name}" time="0"/>`;
    const message = attr(`observed ${observed(t.observed)} over ${t.n} runs${t.error ? `: ${t.error}` : ''}`);
    return `    <testcase classname="tfbench.thresholds" name="${name}" time="0">\n      <failure message="${message}" type="threshold"/>\n    </testcase>`;
  });
  for (const check of result.baseline?.checks ?? []) {
    const name = attr(`${check.metric} against ${result.baseline?.ref}`);
    if (!check.regressed) cases.push(`    <testcase classname="tfbench.baseline" name="${name}" time="0"/>`);
    else {
      const message = attr(`regressed ${signed(check.change, check.metric)} (more than ${allowance(check)})`);
      cases.push(
        `    <testcase classname="tfbench.baseline" name="${name}" time="0">\n      <failure message="${message}" type="regression"/>\n    </testcase>`,
      );
    }
  }
  if (result.outcome === 'not_completed') {
    const message = attr(
      `benchmark ${result.benchmark.status}${result.benchmark.stop_reason ? `: ${result.benchmark.stop_reason}` : ''}`,
    );
    cases.push(
      `    <testcase classname="tfbench.benchmark" name="benchmark completed" time="0">\n      <failure message="${message}" type="benchmark"/>\n    </testcase>`,
    );
  }
  const failures =
    result.thresholds.filter((t) => !t.passed).length + (result.outcome === 'not_completed' ? 1 : 0);
  const suite = attr(`tfbench: ${result.scenario.name}`);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="tfbench" tests="${cases.length}" failures="${failures}" time="${seconds}">`,
    `  <testsuite name="${suite}" tests="${cases.length}" failures="${failures}" errors="0" time="${seconds}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

function durationSeconds(result: RunResult): string {
  const { started_at, finished_at } = result.benchmark;
  if (!started_at || !finished_at) return '0';
  return ((Date.parse(finished_at) - Date.parse(started_at)) / 1000).toFixed(3);
}

/** XML attribute text; characters XML 1.0 forbids are dropped. */
function attr(text: string): string {
  return (
    text
      // biome-ignore lint/suspicious/noControlCharactersInRegex: these are what is removed
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/\n/g, '&#10;')
  );
}
