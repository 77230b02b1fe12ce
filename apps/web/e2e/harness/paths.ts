/** Files the suite reads or writes beyond what @tfbench/testbed locates. */
import { createRequire } from 'node:module';
import path from 'node:path';
import { REPO_ROOT, WEB_ROOT } from '@tfbench/testbed';

const requireFromRepo = createRequire(path.join(REPO_ROOT, 'package.json'));

/** axe-core's browser bundle, injected into pages for the accessibility scan. */
export const AXE_SOURCE_FILE = requireFromRepo.resolve('axe-core/axe.min.js');
/**
 * Where the e2e suite writes the screenshots of the pages it visits (git-ignored: a test run
 * leaves the work tree clean). docs/screenshots is refreshed by `npm run screenshots` only.
 */
export const SCREENSHOT_DIR = path.join(WEB_ROOT, 'e2e/.screenshots');
