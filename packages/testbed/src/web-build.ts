/**
 * The dashboard's production build for the e2e suite and the LCP benchmark, in its own folder
 * (`apps/web/e2e/.build`, apart from the one `npm start` serves, so a suite never rebuilds what a
 * developer's dashboard is running). See production-build.ts for the caching.
 */

import { BUILD_ROOT } from './paths.js';
import { ensureProductionBuild, type ProductionBuild } from './production-build.js';

export type WebBuild = ProductionBuild;

/**
 * Makes sure an up-to-date production build of the dashboard exists and returns where.
 *
 * @example
 * const { appDir } = await ensureWebBuild();
 */
export function ensureWebBuild(options: { force?: boolean } = {}): Promise<WebBuild> {
  return ensureProductionBuild({ buildRoot: BUILD_ROOT, force: options.force });
}
