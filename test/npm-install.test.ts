/**
 * What `npm install` / `npm ci` checks, kept quiet and true:
 * - `engines.node` of package.json is what README states and what CI runs, and no locked package
 *   refuses it (npm would warn EBADENGINE, and the package may use APIs our minimum lacks);
 * - every locked package with an install script is reviewed in `allowScripts` (npm 11 warns about
 *   the others, and npm 12 will not run them).
 */
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { readRepoFile, readYaml } from './deploy-support.js';

interface LockedPackage {
  name?: string;
  version?: string;
  hasInstallScript?: boolean;
  engines?: Record<string, string> | string[];
  optional?: boolean;
  os?: string[];
  cpu?: string[];
}

const manifest = JSON.parse(readRepoFile('package.json')) as {
  engines: { node: string };
  allowScripts?: Record<string, boolean>;
};
const lock = JSON.parse(readRepoFile('package-lock.json')) as { packages: Record<string, LockedPackage> };
const minimum = semver.minVersion(manifest.engines.node);

/** The lockfile's entries whose `engines.node` does not accept `version`. */
function packagesRefusing(lock: { packages: Record<string, LockedPackage> }, version: string): string[] {
  const refusing: string[] = [];
  for (const [location, entry] of Object.entries(lock.packages)) {
    // Old packages wrote engines as an array of strings; npm ignores those, so do we.
    const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
    if (range === undefined || location === '') continue;
    if (!semver.satisfies(version, range, { includePrerelease: true }))
      refusing.push(`${location}@${entry.version ?? '?'} needs node ${range}`);
  }
  return refusing;
}

describe('supported Node.js versions', () => {
  it('engines.node has a minimum', () => {
    expect(minimum, manifest.engines.node).not.toBeNull();
  });

  it('no locked package refuses our minimum', () => {
    expect(packagesRefusing(lock, minimum!.version)).toEqual([]);
  });

  it('finds a package that refuses the minimum (the check can fail)', () => {
    const fixture = {
      packages: {
        '': { version: '0.1.0', engines: { node: '>=99' } },
        'node_modules/ok': { version: '1.0.0', engines: { node: '>=18' } },
        'node_modules/new': { version: '3.1.0', engines: { node: '>=22' } },
        'node_modules/legacy': { version: '0.1.0', engines: ['node >= 0.4'] },
      },
    };
    expect(packagesRefusing(fixture, '20.20.0')).toEqual(['node_modules/new@3.1.0 needs node >=22']);
  });

  it('README states the same minimum', () => {
    const { major, minor } = minimum!;
    expect(readRepoFile('README.md')).toContain(`Needs Node.js ${major}.${minor} or newer`);
  });

  it('CI runs the minimum', () => {
    const workflow = readYaml('.github/workflows/ci.yml') as {
      jobs: Record<string, { steps?: Array<{ uses?: string; with?: Record<string, unknown> }> }>;
    };
    const versions = Object.values(workflow.jobs)
      .flatMap((job) => job.steps ?? [])
      .filter((step) => step.uses?.startsWith('actions/setup-node@'))
      .map((step) => String(step.with?.['node-version']));
    expect(versions.length).toBeGreaterThan(0);
    for (const version of versions) expect(version).toBe(`${minimum!.major}.${minimum!.minor}`);
  });
});

describe('install scripts', () => {
  it('every locked package with an install script is decided in allowScripts', () => {
    const decided = manifest.allowScripts ?? {};
    const undecided = Object.entries(lock.packages)
      .filter(([, entry]) => entry.hasInstallScript)
      .map(([location, entry]) => entry.name ?? location.slice(location.lastIndexOf('node_modules/') + 13))
      .filter((name) => typeof decided[name] !== 'boolean');
    expect(undecided).toEqual([]);
    expect(Object.keys(decided).length).toBeGreaterThan(0);
  });
});
