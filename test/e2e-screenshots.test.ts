/**
 * A test run leaves the work tree clean: the e2e suite writes its screenshots to a git-ignored
 * folder of its own, and only the explicit `npm run screenshots` writes docs/screenshots.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRepoFile, repoRoot, rootScripts } from './deploy-support.js';

const E2E_DIR = 'apps/web/e2e';

/** Every TypeScript file of the e2e suite, relative to the repository. */
function e2eSources(dir = E2E_DIR): string[] {
  return readdirSync(path.join(repoRoot, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name.startsWith('.') ? [] : e2eSources(relative);
    return entry.name.endsWith('.ts') ? [relative] : [];
  });
}

/** Source text without its comments (a comment may name docs/screenshots to say who writes it). */
const code = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');

describe('screenshots', () => {
  it('the e2e suite writes its screenshots under e2e/.screenshots, which git ignores', () => {
    expect(code(readRepoFile(`${E2E_DIR}/harness/paths.ts`))).toMatch(
      /SCREENSHOT_DIR = path\.join\(WEB_ROOT, 'e2e\/\.screenshots'\)/,
    );
    const ignored = execFileSync('git', ['check-ignore', `${E2E_DIR}/.screenshots/e2e-dashboard-1440.png`], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    expect(ignored.trim()).toBe(`${E2E_DIR}/.screenshots/e2e-dashboard-1440.png`);
  });

  it('no e2e file reaches docs/', () => {
    const sources = e2eSources();
    expect(sources.length).toBeGreaterThan(5);
    for (const file of sources) expect(code(readRepoFile(file)), file).not.toMatch(/\bdocs\b/);
  });

  it('npm run screenshots refreshes docs/screenshots', () => {
    expect(rootScripts().screenshots).toBe('npm run screenshots -w @tfbench/web --');
    const webScripts = JSON.parse(readRepoFile('apps/web/package.json')).scripts as Record<string, string>;
    expect(webScripts.screenshots).toBe('tsx scripts/screenshots.ts');
    expect(code(readRepoFile('apps/web/scripts/screenshots.ts'))).toMatch(
      /default: path\.resolve\(import\.meta\.dirname, '\.\.\/\.\.\/\.\.\/docs\/screenshots'\)/,
    );
  });
});
