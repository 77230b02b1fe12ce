/**
 * Which packages each workspace imports, read from its source files, so a test can hold every
 * package.json to what its code uses. npm hoists every dependency to the root node_modules,
 * so an undeclared import still resolves here; it breaks only when the workspace is installed
 * or bundled on its own, which is why nothing but a check like this one catches it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import ts from 'typescript';

const SOURCE = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;
const builtins = new Set(builtinModules);

export interface PackageJson {
  name?: string;
  workspaces?: string[];
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

/** A workspace's folder, its manifest, and the folders (relative to it) its code lives in. */
export interface Workspace {
  dir: string;
  manifest: PackageJson;
  /** Folders and files that belong to this workspace; other workspaces nested inside are skipped. */
  roots: string[];
}

/** The package a bare specifier names (`@scope/name/sub` -> `@scope/name`); undefined for relative paths, builtins and aliases. */
export function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:'))
    return undefined;
  // `@/…` is the web app's tsconfig alias for its own src folder, not a package.
  if (specifier.startsWith('@/')) return undefined;
  const name = specifier.startsWith('@')
    ? specifier.split('/').slice(0, 2).join('/')
    : specifier.split('/')[0]!;
  return builtins.has(name) ? undefined : name;
}

/** Bare specifiers of every import, export-from, import() and require() in one file. */
export function importedSpecifiers(source: string): string[] {
  return ts.preProcessFile(source, true, true).importedFiles.map((f) => f.fileName);
}

function sourceFiles(dir: string, skip: ReadonlySet<string>): string[] {
  if (!statSync(dir).isDirectory()) return SOURCE.test(dir) && !dir.endsWith('.d.ts') ? [dir] : [];
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    // Build output and staged copies (dot folders such as .next) are not sources.
    if (entry === 'node_modules' || entry === 'dist' || entry.startsWith('.')) continue;
    const full = path.join(dir, entry);
    if (skip.has(full)) continue;
    out.push(...sourceFiles(full, skip));
  }
  return out;
}

/** Per package imported but not declared in the manifest, the files that import it. */
export function undeclaredImports(
  workspace: Workspace,
  skip: ReadonlySet<string> = new Set(),
): Map<string, string[]> {
  const { manifest } = workspace;
  const declared = new Set(
    Object.keys({
      ...manifest.dependencies,
      ...manifest.devDependencies,
      ...manifest.peerDependencies,
      ...manifest.optionalDependencies,
    }),
  );
  const missing = new Map<string, string[]>();
  for (const root of workspace.roots) {
    const start = path.join(workspace.dir, root);
    for (const file of sourceFiles(start, skip)) {
      for (const specifier of importedSpecifiers(readFileSync(file, 'utf8'))) {
        const name = packageOf(specifier);
        if (name === undefined || name === manifest.name || declared.has(name)) continue;
        const files = missing.get(name) ?? [];
        const relative = path.relative(workspace.dir, file);
        if (!files.includes(relative)) files.push(relative);
        missing.set(name, files);
      }
    }
  }
  return missing;
}

function readManifest(dir: string): PackageJson {
  return JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as PackageJson;
}

/**
 * The root and every workspace its `workspaces` globs (`folder/*` only) name. The root owns
 * its own folders (bench, scripts, test, config files), never the workspaces inside it.
 */
export function listWorkspaces(repoRoot: string): Workspace[] {
  const rootManifest = readManifest(repoRoot);
  const members: Workspace[] = [];
  for (const pattern of rootManifest.workspaces ?? []) {
    if (!pattern.endsWith('/*')) throw new Error(`unsupported workspaces pattern ${pattern}`);
    const parent = path.join(repoRoot, pattern.slice(0, -2));
    for (const entry of readdirSync(parent)) {
      const dir = path.join(parent, entry);
      try {
        members.push({ dir, manifest: readManifest(dir), roots: ['.'] });
      } catch {
        // A folder without a package.json is not a workspace.
      }
    }
  }
  const owned = new Set(rootManifest.workspaces?.map((pattern) => pattern.split('/')[0]!));
  const rootEntries = readdirSync(repoRoot).filter(
    (entry) => !owned.has(entry) && entry !== 'node_modules' && entry !== 'dist' && !entry.startsWith('.'),
  );
  return [{ dir: repoRoot, manifest: rootManifest, roots: rootEntries }, ...members];
}
