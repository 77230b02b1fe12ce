import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoFiles } from './repo-files.js';

// Comments and docs say why the code is as it is. A tracker's issue number or a path on the
// machine the code was written on means nothing to a reader of the repository, and goes stale.
const root = path.resolve(import.meta.dirname, '..');
const TEXT = /\.(ts|tsx|mts|cts|js|mjs|cjs|md|sh|sql|ya?ml)$/;
const FORBIDDEN: { what: string; pattern: RegExp }[] = [
  { what: 'an issue number', pattern: /\bissues?\s*#?\d+/i },
  { what: 'a path outside the repository', pattern: /(^|[\s`'"(])\/work\/|\.\.\/shared\b/ },
];

function textFiles(dir: string): string[] {
  return repoFiles(dir, (_full, name) => TEXT.test(name) || name === 'run');
}

function offendingLines(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => FORBIDDEN.some(({ pattern }) => pattern.test(line)))
    .map((line) => line.trim());
}

describe('comments and docs', () => {
  it('flags issue numbers and machine paths, and nothing else', () => {
    // The offending samples are assembled, so that this file's own lines name no issue and no
    // machine path (reviews and hooks that grep the sources would flag them).
    const issueNote = `// The hook point (issue ${4} items 5 and 6).`;
    const machinePath = `* documented in /${'work'}/notes/engine-hooks.md`;
    const sample = [
      issueNote,
      ` ${machinePath}`,
      '// see ../shared/STYLE.md',
      '/** Collects issues so that one error names every field. */',
      "const dir = path.join(root, 'work', 'x');",
    ].join('\n');
    expect(offendingLines(sample)).toEqual([issueNote, machinePath, '// see ../shared/STYLE.md']);
  });

  it('name no issue number and no path outside the repository', () => {
    // This file spells the patterns out in its samples.
    const files = [...textFiles(root), path.join(root, '.ci', 'run')].filter(
      (file) => file !== import.meta.filename,
    );
    const found = files.flatMap((file) =>
      offendingLines(readFileSync(file, 'utf8')).map((line) => `${path.relative(root, file)}: ${line}`),
    );
    expect(found).toEqual([]);
  });
});
