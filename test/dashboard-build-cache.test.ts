/**
 * The dashboard's cached production build is rebuilt exactly when what `next build` reads has
 * changed: the hash it is kept under moves with the dashboard's sources, the contract package
 * it compiles and the lockfile, and stays put for files the build does not read (tests, e2e).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sourceHash } from '@tfbench/testbed/production-build';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

describe('the production build cache key', () => {
  let repo: string;
  let roots: { repo: string; web: string };
  const put = async (file: string, text: string) => {
    const full = path.join(repo, file);
    await mkdir(path.dirname(full), { recursive: true });
    await writeFile(full, text);
  };

  beforeEach(async () => {
    repo = await mkdtemp(path.join(os.tmpdir(), 'tfbench-build-hash-'));
    roots = { repo, web: path.join(repo, 'apps/web') };
    await put('package-lock.json', '{"lockfileVersion":3}');
    await put('packages/contract/src/index.ts', 'export const a = 1;');
    await put('apps/web/package.json', '{"name":"@tfbench/web"}');
    await put('apps/web/src/app/page.tsx', 'export default function Page() { return null; }');
    await put('apps/web/e2e/start.e2e.test.ts', '// a test');
  });
  afterEach(async () => {
    await rm(repo, { recursive: true, force: true });
  });

  it('is the same for the same sources, so a second start reuses the build', async () => {
    expect(await sourceHash(roots)).toBe(await sourceHash(roots));
  });

  it('changes when a dashboard source, the contract it compiles or the lockfile changes', async () => {
    const before = await sourceHash(roots);
    for (const [file, edited] of [
      ['apps/web/src/app/page.tsx', 'export default function Page() { return 1; }'],
      ['apps/web/src/app/new-page.tsx', 'export {};'],
      ['packages/contract/src/index.ts', 'export const a = 2;'],
      ['package-lock.json', '{"lockfileVersion":3,"packages":{}}'],
    ] as const) {
      const original = await sourceHash(roots);
      await put(file, edited);
      expect(await sourceHash(roots), file).not.toBe(original);
    }
    expect(await sourceHash(roots)).not.toBe(before);
  });

  it('ignores files the build does not read', async () => {
    const before = await sourceHash(roots);
    await put('apps/web/e2e/start.e2e.test.ts', '// another test');
    await put('apps/web/test/format.test.ts', '// a unit test');
    await put('README.md', '# docs');
    expect(await sourceHash(roots)).toBe(before);
  });
});
