import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importedSpecifiers, listWorkspaces, packageOf, undeclaredImports } from './workspace-imports.js';

const repoRoot = path.resolve(import.meta.dirname, '..');

describe('workspace dependencies', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'tfbench-workspaces-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('reads the package of every kind of import, and skips relative paths, builtins and the web alias', () => {
    const source = [
      "import { a } from '@tfbench/core/db';",
      "import type { B } from 'drizzle-orm/pg-core';",
      "export { c } from 'zod';",
      "const d = await import('pg');",
      "const e = require('ioredis');",
      "import './local.js';",
      "import fs from 'node:fs';",
      "import path from 'path';",
      "import { f } from '@/lib/api';",
    ].join('\n');
    const packages = importedSpecifiers(source).map(packageOf);
    expect(packages).toEqual([
      '@tfbench/core',
      'drizzle-orm',
      'zod',
      'pg',
      'ioredis',
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('reports an import its package.json does not declare, and nothing a nested workspace imports', () => {
    const root = path.join(scratch, 'repo');
    mkdirSync(path.join(root, 'tools'), { recursive: true });
    mkdirSync(path.join(root, 'packages', 'one', 'src'), { recursive: true });
    writeFileSync(
      path.join(root, 'package.json'),
      JSON.stringify({ name: 'repo', workspaces: ['packages/*'], devDependencies: { vitest: '*' } }),
    );
    writeFileSync(path.join(root, 'tools', 'run.ts'), "import 'vitest';\nimport { x } from '@repo/one';\n");
    writeFileSync(
      path.join(root, 'packages', 'one', 'package.json'),
      JSON.stringify({ name: '@repo/one', dependencies: { zod: '*' } }),
    );
    writeFileSync(
      path.join(root, 'packages', 'one', 'src', 'index.ts'),
      "import { z } from 'zod';\nimport pg from 'pg';\nimport { y } from '@repo/one/sub';\n",
    );
    const [top, one] = listWorkspaces(root);
    expect(Object.fromEntries(undeclaredImports(top!))).toEqual({ '@repo/one': ['tools/run.ts'] });
    expect(Object.fromEntries(undeclaredImports(one!))).toEqual({ pg: [path.join('src', 'index.ts')] });
  });

  // npm hoists everything to the root node_modules, so an undeclared import works in the
  // monorepo and fails only where the workspace is installed or bundled on its own.
  it.each(listWorkspaces(repoRoot).map((w) => [path.relative(repoRoot, w.dir) || '(root)', w] as const))(
    '%s declares every package it imports',
    (_name, workspace) => {
      expect(Object.fromEntries(undeclaredImports(workspace))).toEqual({});
    },
  );

  // A bare `import '@tfbench/x'` resolves through the "." export; one that names a missing
  // file works until the first such import, then fails with an unhelpful resolution error.
  it.each(
    listWorkspaces(repoRoot)
      .slice(1)
      .map((w) => [path.relative(repoRoot, w.dir), w] as const),
  )('%s exports only files that exist', (_name, workspace) => {
    const exports = (workspace.manifest as { exports?: Record<string, string> }).exports ?? {};
    const missing = Object.entries(exports).filter(
      ([subpath, target]) => !subpath.includes('*') && !existsSync(path.join(workspace.dir, target)),
    );
    expect(missing).toEqual([]);
  });
});
