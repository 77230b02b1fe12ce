/**
 * The example workflow (.github/workflows/benchmark-example.yml) does what docs/ci.md says:
 * its tfbench commands, run here as GitHub Actions runs them (bash -eo pipefail, from a
 * checkout of the repository, with GITHUB_STEP_SUMMARY set), exit 0 and produce every file
 * the later steps comment and upload. The HTML report is expected only from a tfbench whose
 * `run --help` offers --html.
 */
import { copyFile, mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { cleanEnv, REPO_ROOT, runCli, spawnCollecting } from './harness.js';

interface Step {
  name?: string;
  run?: string;
  uses?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}

const WORKFLOW = path.join(REPO_ROOT, '.github/workflows/benchmark-example.yml');

/** Runs a `run:` script the way GitHub Actions' default shell does. */
function runStep(script: string, cwd: string, env: Record<string, string | undefined>) {
  return spawnCollecting('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], { cwd, env });
}

describe('the example workflow', () => {
  // A checkout's stand-in inside the repository, so `npx tfbench` resolves as in a checkout.
  let checkout: string | undefined;
  afterAll(async () => {
    if (checkout) await rm(checkout, { recursive: true, force: true });
  });

  it('runs tfbench standalone on pull requests, comments the summary and uploads the results', async () => {
    const workflow = parse(await readFile(WORKFLOW, 'utf8')) as {
      on: Record<string, unknown>;
      permissions: Record<string, string>;
      jobs: Record<string, { steps: Step[] }>;
    };
    expect(Object.keys(workflow.on)).toContain('pull_request');
    expect(workflow.permissions['pull-requests']).toBe('write');
    const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
    const comment = steps.find((s) => s.uses?.startsWith('marocchino/sticky-pull-request-comment@'));
    expect(comment?.with?.path).toBe('tfbench-results/summary.md');
    expect(comment?.if).toContain('always()');
    const upload = steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(upload?.with?.path).toBe('tfbench-results/');
    expect(upload?.if).toBe('always()');
    const benchmark = steps.filter((s) => s.run?.includes('tfbench'));
    expect(benchmark).toHaveLength(1);
    expect(benchmark[0]?.run).toMatch(/--html tfbench-results\/report\.html/);
  });

  it("runs the workflow's tfbench commands to exit 0 and writes every file", {
    timeout: 300_000,
  }, async () => {
    const workflow = parse(await readFile(WORKFLOW, 'utf8')) as { jobs: Record<string, { steps: Step[] }> };
    const steps = Object.values(workflow.jobs)
      .flatMap((job) => job.steps)
      .filter((s) => s.run?.includes('tfbench'));
    const help = await runCli(['run', '--help'], { cwd: REPO_ROOT });
    const hasHtml = help.stdout.includes('--html');

    const cache = path.join(REPO_ROOT, 'node_modules/.cache');
    await mkdir(cache, { recursive: true });
    checkout = await mkdtemp(path.join(cache, 'tfbench-ci-example-'));
    await mkdir(path.join(checkout, '.github/tfbench'), { recursive: true });
    await copyFile(
      path.join(REPO_ROOT, '.github/tfbench/bench.yaml'),
      path.join(checkout, '.github/tfbench/bench.yaml'),
    );
    const stepSummary = path.join(checkout, 'step-summary.md');
    for (const step of steps) {
      // Without --html in this tfbench, the rest of the command still has to hold.
      const script = hasHtml ? (step.run ?? '') : (step.run ?? '').replace(/\s--html\s+\S+/, '');
      const outcome = await runStep(script, checkout, {
        ...cleanEnv(),
        ...step.env,
        GITHUB_STEP_SUMMARY: stepSummary,
      });
      expect(outcome.code, outcome.stderr).toBe(0);
      expect(outcome.stdout).toMatch(/verdict: passed/);
    }
    const results = path.join(checkout, 'tfbench-results');
    const summary = JSON.parse(await readFile(path.join(results, 'summary.json'), 'utf8')) as {
      exit_code: number;
    };
    expect(summary.exit_code).toBe(0);
    expect(await readFile(path.join(results, 'junit.xml'), 'utf8')).toContain('failures="0"');
    const markdown = await readFile(path.join(results, 'summary.md'), 'utf8');
    expect(markdown).toContain('### tfbench: Cheapest item');
    expect(await readFile(stepSummary, 'utf8')).toContain(markdown);
    if (hasHtml) expect((await stat(path.join(results, 'report.html'))).size).toBeGreaterThan(0);
  });
});
