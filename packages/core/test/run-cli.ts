/** Run one of core's command-line entries the way npm runs it: tsx, the repository as cwd, only the given environment. */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const REPOSITORY_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const tsx = path.join(REPOSITORY_ROOT, 'node_modules/.bin/tsx');

/** Exit code and output; a failing exit is a result, not a rejection. `env` gets PATH added. */
export async function runCli(
  entry: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(tsx, [path.join(REPOSITORY_ROOT, entry), ...args], {
      cwd: REPOSITORY_ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}
