/**
 * docker/Dockerfile and .dockerignore, read as text (no Docker engine runs here), and the
 * container health probe docker/healthcheck.mjs, run for real against a loopback server,
 * files and ports.
 */
import { existsSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dockerStages,
  npmRunScripts,
  readRepoFile,
  repoRoot,
  rootScripts,
  run,
  stageChain,
} from './deploy-support.js';

const FINAL_TARGETS = ['api', 'worker', 'web', 'mock-tinyfish'];
const stages = dockerStages(readRepoFile('docker/Dockerfile'));

function chainInstructions(target: string): { stage: string; keyword: string; args: string }[] {
  return stageChain(stages, target).flatMap((stage) =>
    stage.instructions.map((instruction) => ({ stage: stage.name, ...instruction })),
  );
}

/** The last instruction of a kind along a target's chain: what the image ends up with. */
function effective(target: string, keyword: string): string | undefined {
  for (const stage of stageChain(stages, target)) {
    const found = stage.instructions.filter((i) => i.keyword === keyword).at(-1);
    if (found) return found.args;
  }
  return undefined;
}

/** Stages a target's final image copies files from, directly or through its parents. */
function copiedFrom(target: string): string[] {
  return chainInstructions(target)
    .filter((i) => i.keyword === 'COPY')
    .map((i) => /--from=(\S+)/.exec(i.args)?.[1])
    .filter((from): from is string => from !== undefined);
}

describe('docker/Dockerfile', () => {
  it('has a final target per process, each on the official slim Node 20 image', () => {
    const names = stages.map((s) => s.name);
    for (const target of FINAL_TARGETS) expect(names).toContain(target);
    const roots = new Set(FINAL_TARGETS.map((t) => stageChain(stages, t).at(-1)?.from));
    expect([...roots]).toEqual(['node:20.20-bookworm-slim']);
  });

  it('runs every target as the unprivileged node user with a health check and a command', () => {
    for (const target of FINAL_TARGETS) {
      expect(effective(target, 'USER'), target).toBe('node');
      expect(effective(target, 'HEALTHCHECK'), target).toMatch(
        /^--interval=\S+ .*CMD \["node", "\S*healthcheck\.mjs"/,
      );
      expect(effective(target, 'CMD'), target).toMatch(/^\["node",/);
    }
  });

  it('checks each process at its own address: /health of the api, / of the web, the heartbeat of the worker', () => {
    expect(effective('api', 'HEALTHCHECK')).toContain('http://127.0.0.1:8000/health');
    expect(effective('web', 'HEALTHCHECK')).toContain('http://127.0.0.1:3000/');
    const worker = effective('worker', 'HEALTHCHECK') ?? '';
    const heartbeat = /"--file", "([^"]+)"/.exec(worker)?.[1];
    expect(heartbeat).toBeDefined();
    expect(effective('worker', 'ENV')).toContain(`WORKER_HEARTBEAT_FILE=${heartbeat}`);
  });

  it('installs from the lockfile only, and ships no dev dependencies in the runtime images', () => {
    const all = stages.flatMap((s) => s.instructions.map((i) => i.args));
    expect(all.some((args) => /\bnpm (install|i)\b/.test(args))).toBe(false);
    const installs = stages.flatMap((s) => s.instructions.filter((i) => /\bnpm ci\b/.test(i.args)));
    expect(installs.length).toBeGreaterThan(0);
    for (const target of FINAL_TARGETS) {
      const sources = copiedFrom(target);
      expect(sources, target).not.toContain('deps');
      const installStage = sources.find((from) => from.endsWith('-deps'));
      expect(installStage, `${target} copies node_modules from a production install`).toBeDefined();
      const install = stages.find((s) => s.name === installStage)!;
      expect(
        install.instructions.some((i) => /npm ci --omit=dev/.test(i.args)),
        installStage,
      ).toBe(true);
    }
  });

  it('keeps Next.js out of the server images and the server bundles out of the web image', () => {
    const serverInstall = stages.find((s) => s.name === 'server-deps')!;
    const workspaces = serverInstall.instructions.flatMap((i) =>
      [...i.args.matchAll(/--workspace=(\S+)/g)].map((m) => m[1]),
    );
    expect(workspaces).not.toContain('apps/web');
    expect(workspaces.length).toBeGreaterThan(0);
    expect(chainInstructions('web').some((i) => i.keyword === 'COPY' && i.args.includes('/app/dist'))).toBe(
      false,
    );
  });

  it('copies only files that exist, and runs only npm scripts that exist', () => {
    const scripts = rootScripts();
    for (const stage of stages) {
      for (const { keyword, args } of stage.instructions) {
        if (keyword === 'COPY' && !args.includes('--from=')) {
          const sources = args
            .split(/\s+/)
            .filter((a) => !a.startsWith('--'))
            .slice(0, -1);
          for (const source of sources) expect(existsSync(path.join(repoRoot, source)), source).toBe(true);
        }
        if (keyword === 'RUN') {
          for (const { script, workspace } of npmRunScripts(args)) {
            if (workspace === undefined) expect(scripts[script], `npm run ${script}`).toBeDefined();
          }
        }
      }
    }
  });

  it('runs bundles the build produces', () => {
    const build = readRepoFile('scripts/build.mjs');
    for (const target of ['api', 'worker', 'mock-tinyfish']) {
      const bundle = /dist\/([\w-]+)\/main\.js/.exec(effective(target, 'CMD') ?? '')?.[1];
      expect(bundle, target).toBeDefined();
      expect(build).toContain(`name: '${bundle}'`);
    }
  });
});

describe('.dockerignore', () => {
  const ignored = readRepoFile('.dockerignore')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));

  it('keeps dependencies, build output, git history and local env files out of the build context', () => {
    for (const pattern of ['**/node_modules', 'dist', '**/.next', '.git', '**/.env']) {
      expect(ignored).toContain(pattern);
    }
    expect(ignored.some((p) => p.startsWith('docker/') && p.endsWith('.env'))).toBe(true);
  });

  it('keeps what the build needs in the context', () => {
    for (const needed of [
      'package-lock.json',
      'docker/healthcheck.mjs',
      'scripts',
      'packages',
      'apps',
      'test',
    ]) {
      expect(ignored, needed).not.toContain(needed);
    }
  });
});

describe('docker/healthcheck.mjs', () => {
  const probe = (...args: string[]) =>
    run(process.execPath, [path.join(repoRoot, 'docker/healthcheck.mjs'), ...args], { timeoutMs: 15_000 });
  let server: Server;
  let base: string;
  let dir: string;

  beforeAll(async () => {
    server = createServer((req, res) => {
      res.statusCode = req.url === '/health' ? 200 : 503;
      res.end(req.url);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    dir = mkdtempSync(path.join(tmpdir(), 'tfbench-health-'));
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('is healthy when the URL answers 2xx and unhealthy otherwise', async () => {
    const ok = await probe(`${base}/health`);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('answered 200');
    const failing = await probe(`${base}/other`);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toContain('answered 503');
  });

  it('is unhealthy when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect((await probe(`http://127.0.0.1:${port}/health`)).code).toBe(1);
    expect((await probe('--tcp', `127.0.0.1:${port}`)).code).toBe(1);
    expect((await probe('--tcp', base.replace('http://', ''))).code).toBe(0);
  });

  it('judges a heartbeat file by its age', async () => {
    const file = path.join(dir, 'heartbeat');
    expect((await probe('--file', file, '--max-age-s', '60')).code).toBe(1);
    writeFileSync(file, new Date().toISOString());
    expect((await probe('--file', file, '--max-age-s', '60')).code).toBe(0);
    const twoMinutesAgo = new Date(Date.now() - 120_000);
    utimesSync(file, twoMinutesAgo, twoMinutesAgo);
    const stale = await probe('--file', file, '--max-age-s', '60');
    expect(stale.code).toBe(1);
    expect(stale.stdout).toMatch(/1[12]\d s old/);
  });

  it('rejects a command line it does not understand', async () => {
    const result = await probe('--bogus');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('usage');
  });
});
