/** Walks the repository's own files for the root tests that hold every file to a rule. */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Every file below `dir` that `keep` accepts (given its full path and its name). Build output,
 * installed packages and staged copies (dot folders such as .next, e2e/.build) are skipped:
 * they are not ours to read.
 */
export function repoFiles(dir: string, keep: (full: string, name: string) => boolean): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry === 'dist' || entry.startsWith('.')) continue;
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...repoFiles(full, keep));
    else if (keep(full, entry)) out.push(full);
  }
  return out;
}
