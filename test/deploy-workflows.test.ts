/**
 * .github/workflows: each file parsed and checked against a schema of the GitHub Actions
 * fields it uses, then for what CI promises: static checks, the suite against PostgreSQL and
 * Redis service containers, e2e with Debian's Chromium, and an image build per Dockerfile target.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  dockerStages,
  npmRunScripts,
  readRepoFile,
  readYaml,
  repoRoot,
  rootScripts,
} from './deploy-support.js';

const scalar = z.union([z.string(), z.number(), z.boolean()]);
const step = z
  .strictObject({
    name: z.string().optional(),
    id: z
      .string()
      .regex(/^[A-Za-z_][\w-]*$/)
      .optional(),
    if: z.string().optional(),
    uses: z
      .string()
      .regex(/^[\w.-]+\/[\w./-]+@[\w.-]+$/, 'owner/repo[/path]@ref')
      .optional(),
    run: z.string().min(1).optional(),
    with: z.record(z.string(), scalar).optional(),
    env: z.record(z.string(), scalar).optional(),
    'working-directory': z.string().optional(),
    shell: z.string().optional(),
    'continue-on-error': z.boolean().optional(),
    'timeout-minutes': z.number().optional(),
  })
  .refine((s) => (s.uses === undefined) !== (s.run === undefined), 'a step has exactly one of uses and run');
const serviceContainer = z.strictObject({
  image: z.string(),
  env: z.record(z.string(), scalar).optional(),
  ports: z.array(z.string().regex(/^\d+:\d+$/)).optional(),
  options: z.string().optional(),
});
const job = z.strictObject({
  name: z.string().optional(),
  'runs-on': z.string(),
  'timeout-minutes': z.number().int().positive(),
  needs: z.union([z.string(), z.array(z.string())]).optional(),
  if: z.string().optional(),
  container: z.strictObject({ image: z.string(), options: z.string().optional() }).optional(),
  services: z.record(z.string(), serviceContainer).optional(),
  env: z.record(z.string(), scalar).optional(),
  strategy: z
    .strictObject({
      'fail-fast': z.boolean().optional(),
      matrix: z.record(z.string(), z.array(scalar)),
    })
    .optional(),
  steps: z.array(step).min(1),
});
const workflow = z.strictObject({
  name: z.string(),
  on: z.partialRecord(
    z.enum(['push', 'pull_request', 'workflow_dispatch', 'schedule', 'release']),
    z.union([z.null(), z.record(z.string(), z.unknown()), z.array(z.unknown())]),
  ),
  permissions: z.record(z.string(), z.enum(['read', 'write', 'none'])).optional(),
  concurrency: z.strictObject({ group: z.string(), 'cancel-in-progress': z.boolean() }).optional(),
  env: z.record(z.string(), scalar).optional(),
  jobs: z.record(z.string().regex(/^[A-Za-z_][\w-]*$/), job),
});
type Workflow = z.infer<typeof workflow>;

const files = readdirSync(path.join(repoRoot, '.github/workflows')).filter((f) => /\.ya?ml$/.test(f));

function load(file: string): Workflow {
  return workflow.parse(readYaml(`.github/workflows/${file}`));
}

function runLines(wf: Workflow, jobName: string): string {
  return (wf.jobs[jobName]?.steps ?? []).map((s) => s.run ?? '').join('\n');
}

describe('.github/workflows', () => {
  it('holds ci.yml, images.yml and the example benchmark workflow for users to copy', () => {
    expect(files.sort()).toEqual(['benchmark-example.yml', 'ci.yml', 'images.yml']);
  });

  it.each(files)('%s matches the schema of the fields it uses', (file) => {
    const result = workflow.safeParse(readYaml(`.github/workflows/${file}`));
    expect(result.success ? [] : result.error.issues).toEqual([]);
  });

  it.each(files)('%s runs only npm scripts that exist', (file) => {
    const wf = load(file);
    const scripts = rootScripts();
    const workspaces: Record<string, Record<string, string>> = {
      '@tfbench/web': JSON.parse(readRepoFile('apps/web/package.json')).scripts,
    };
    for (const [name, j] of Object.entries(wf.jobs)) {
      for (const { script, workspace } of j.steps.flatMap((s) => npmRunScripts(s.run ?? ''))) {
        const known = workspace === undefined ? scripts : workspaces[workspace];
        expect(
          known?.[script],
          `${file} ${name}: npm run ${script}${workspace ? ` -w ${workspace}` : ''}`,
        ).toBeDefined();
      }
    }
  });

  it('ci.yml lints, type-checks and checks the dependency direction', () => {
    const lines = runLines(load('ci.yml'), 'verify');
    for (const command of ['npm ci', 'npm run typecheck', 'npm run lint', 'npm run depcheck']) {
      expect(lines).toContain(command);
    }
  });

  it('ci.yml runs the suite with CI=true against PostgreSQL and Redis service containers', () => {
    const wf = load('ci.yml');
    expect(wf.env?.CI).toBe('true');
    const test = wf.jobs.test!;
    expect(test.services?.postgres?.image).toMatch(/^postgres:16/);
    expect(test.services?.postgres?.ports).toContain('5432:5432');
    expect(test.services?.postgres?.options).toContain('pg_isready');
    expect(test.services?.redis?.image).toMatch(/^redis:/);
    expect(test.services?.redis?.ports).toContain('6379:6379');
    expect(test.services?.redis?.options).toContain('redis-cli ping');
    expect(runLines(wf, 'test')).toMatch(/vitest run/);
  });

  it("ci.yml runs the end-to-end checks with Debian's Chromium from apt", () => {
    const wf = load('ci.yml');
    const e2e = wf.jobs.e2e!;
    expect(e2e.container?.image).toMatch(/bookworm/);
    const lines = runLines(wf, 'e2e');
    expect(lines).toMatch(/apt-get install[^\n]*\\?\s*[^\n]*chromium/);
    expect(lines).toContain('npm run smoke:prod');
  });

  it('images.yml builds every final target of docker/Dockerfile', () => {
    const wf = load('images.yml');
    const stages = dockerStages(readRepoFile('docker/Dockerfile'));
    const targets = stages
      .filter(
        (s) => s.instructions.some((i) => i.keyword === 'CMD') && !stages.some((o) => o.from === s.name),
      )
      .map((s) => s.name);
    const build = wf.jobs.build!;
    expect([...(build.strategy?.matrix.target ?? [])].sort()).toEqual(targets.sort());
    const buildStep = build.steps.find((s) => s.uses?.startsWith('docker/build-push-action@'));
    // A GitHub expression, not a JavaScript placeholder.
    const matrixTarget = ['$', '{{ matrix.target }}'].join('');
    expect(buildStep?.with).toMatchObject({ file: 'docker/Dockerfile', target: matrixTarget });
  });
});
