/** Where things are, relative to this file, so the testbed works from any working directory. */
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The monorepo root (this file is packages/testbed/src/paths.ts). */
export const REPO_ROOT = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
/** apps/web */
export const WEB_ROOT = path.join(REPO_ROOT, 'apps/web');

const requireFromRepo = createRequire(path.join(REPO_ROOT, 'package.json'));

/** The API's entry point (`npm start`). */
export const API_MAIN = path.join(REPO_ROOT, 'apps/api/src/main.ts');
/** tsx's ESM loader, as an absolute URL so `--import` works from any working directory. */
export const TSX_LOADER = pathToFileURL(
  path.join(path.dirname(requireFromRepo.resolve('tsx/package.json')), 'dist/loader.mjs'),
).href;
/** The Next.js CLI, run with this Node binary. */
export const NEXT_CLI = requireFromRepo.resolve('next/dist/bin/next');
/** Where the staged production build of the dashboard lives (git-ignored). */
export const BUILD_ROOT = path.join(WEB_ROOT, 'e2e/.build');
/** Debian's Chromium, the one browser the suite drives. */
export const CHROMIUM_PATH = '/usr/bin/chromium';
