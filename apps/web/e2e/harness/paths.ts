/** Files the suite reads or writes beyond what @tfbench/testbed locates. */
import { createRequire } from 'node:module';
import path from 'node:path';
import { REPO_ROOT } from '@tfbench/testbed';

const requireFromRepo = createRequire(path.join(REPO_ROOT, 'package.json'));

/** axe-core's browser bundle, injected into pages for the accessibility scan. */
export const AXE_SOURCE_FILE = requireFromRepo.resolve('axe-core/axe.min.js');
/** The README's screenshots; the e2e suite writes its `e2e-*.png` here. */
export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'docs/screenshots');
