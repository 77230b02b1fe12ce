/**
 * The dependency direction of tfbench, checked in CI (`npm run depcheck`).
 * apps -> packages, never the reverse; packages/core knows no provider implementation
 * and no app; providers and the mock know nothing of the database; the wire contract knows only
 * zod, and the dashboard knows the API through it, never through core; no cycles anywhere.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Cycles make modules impossible to reason about one at a time.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'packages-never-import-apps',
      severity: 'error',
      comment: 'Dependency direction is apps -> packages only.',
      from: { path: '^packages/' },
      to: { path: '^apps/|@tfbench/(api|worker|web|cli)' },
    },
    {
      name: 'apps-never-import-each-other',
      severity: 'error',
      comment: 'Apps share code through packages, not through each other.',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/([^/]+)/', pathNot: '^apps/$1/' },
    },
    {
      name: 'core-knows-providers-only-by-interface',
      severity: 'error',
      comment:
        'The engine talks to providers through the Provider interface; the apps wire implementations in.',
      from: { path: '^packages/core/' },
      to: { path: '^packages/(tinyfish|mock-tinyfish)/' },
    },
    {
      name: 'providers-hold-no-sql',
      severity: 'error',
      comment:
        'Providers and the mock know nothing of the database: they may use only the provider interface and the pure metrics of core.',
      from: { path: '^packages/(tinyfish|mock-tinyfish)/' },
      to: {
        path: '^packages/core/|node_modules/(drizzle-orm|pg|@electric-sql)/',
        pathNot: '^packages/core/src/(provider|metrics)/',
      },
    },
    {
      name: 'contract-depends-on-zod-only',
      severity: 'error',
      comment:
        'The wire contract is shared by the API and the browser: it states the wire in zod and imports nothing else (no core, no database).',
      from: { path: '^packages/contract/' },
      to: { pathNot: '^packages/contract/|node_modules/zod/' },
    },
    {
      name: 'web-takes-the-wire-from-the-contract',
      severity: 'error',
      comment:
        'The dashboard knows the API by its contract (@tfbench/contract); core is server code (database, queue) and stays out of the browser.',
      from: { path: '^src/' },
      to: { path: '(^|/)packages/core/|@tfbench/core' },
    },
    {
      name: 'tools-never-import-app-tests',
      severity: 'error',
      comment:
        "The benches and scripts share test machinery through packages (@tfbench/testbed, @tfbench/core/testing), never through an app's e2e or test folder.",
      from: { path: '^(bench|scripts|test)/' },
      to: { path: '^apps/[^/]+/(e2e|test)/' },
    },
    {
      name: 'no-orphans-in-src',
      severity: 'warn',
      from: { orphan: true, path: '^(apps|packages)/[^/]+/src/', pathNot: '\\.d\\.ts$|main\\.ts$|cli\\.ts$' },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: 'node_modules|/dist/|/\\.[a-z]+/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
