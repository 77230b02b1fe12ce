/**
 * The dependency direction of tfbench, checked in CI (`npm run depcheck`).
 *
 * Layers, from the bottom up (docs/architecture.md draws them):
 * - the domain (`packages/domain`): model, errors, provider contract, measurement,
 *   statistics, thresholds; it imports nothing of ours and no library but re2js and zod;
 * - core's infrastructure (db, queue, events, net, config, repositories, secrets) and, above it,
 *   core's use cases (engine, benchmarks, schedules, services, alerts, reporting, rollups),
 *   which reach the queue and the event bus only through their ports;
 * - the providers (and their mocks and the provider kit they share), which see only the domain
 *   and each other: every package that is not one of the named layers;
 * - the composition root (`packages/runtime`), then the apps, which import packages only.
 * - the wire contract (`packages/contract`) knows only zod and the domain's import-free shared
 *   vocabulary; the dashboard knows the API through it, never through core.
 * No cycles anywhere.
 * @type {import('dependency-cruiser').IConfiguration}
 */

/** Paths of each layer, as patterns the rules below share. */
const DOMAIN = '^packages/domain/';
const DOMAIN_SOURCE = '^packages/domain/src/';
/** The domain's words and bounds that the wire shares with the server; it imports nothing. */
const SHARED_VOCABULARY = '^packages/domain/src/vocabulary/';
const CORE_INFRASTRUCTURE = '^packages/core/src/(config|db|events|net|queue|repositories|secrets)/';
const CORE_USE_CASES = '^packages/core/src/(alerts|benchmarks|engine|reporting|rollups|schedules|services)/';
/** The ports of the queue and the event bus: their interfaces, errors and factories (index.ts). */
const QUEUE_AND_BUS_PORTS = '^packages/core/src/(queue|events)/(index|types|errors)\\.ts$';
/**
 * Every workspace package that is not one of the named layers is a provider, a provider's
 * mock or the kit they share: a new provider joins the rules below without editing them.
 */
const PROVIDERS = '^packages/(?!(contract|core|domain|runtime|testbed)/)[^/]+/';

/** A forbidden dependency; each is an error, its comment saying why the edge is wrong. */
const forbid = (name, comment, from, to) => ({ name, severity: 'error', comment, from, to });

module.exports = {
  forbidden: [
    forbid(
      'no-circular',
      'Cycles make modules impossible to reason about one at a time.',
      {},
      { circular: true },
    ),
    forbid(
      'domain-imports-nothing-of-ours',
      'The domain is the bottom layer: it imports no other workspace, and of the npm packages only the pure ones it declares (re2js for safe regular expressions, zod for settings); not even a Node built-in.',
      { path: DOMAIN_SOURCE },
      {
        pathNot: [DOMAIN, 'node_modules/(re2js|zod)/'],
      },
    ),
    forbid(
      'infrastructure-imports-no-use-case',
      'The db, queue, event bus, outbound network, config and repositories are what the use cases stand on; they never call back up into a use case.',
      { path: CORE_INFRASTRUCTURE },
      { path: CORE_USE_CASES },
    ),
    forbid(
      'use-cases-reach-queue-and-bus-through-ports',
      'A use case enqueues and publishes through the Queue and EventBus interfaces, never through one implementation (BullMQ, Redis, in-process): the composition root picks it.',
      { path: CORE_USE_CASES },
      { path: '^packages/core/src/(queue|events)/', pathNot: QUEUE_AND_BUS_PORTS },
    ),
    forbid(
      'core-sits-below-the-composition-root',
      'packages/runtime wires core, the providers and the settings together; core never imports it, nor the test bed.',
      { path: '^packages/core/src/' },
      { path: '^packages/(runtime|testbed)/' },
    ),
    forbid(
      'packages-never-import-apps',
      'Dependency direction is apps -> packages only.',
      { path: '^packages/' },
      { path: '^apps/|@tfbench/(api|worker|web|cli)' },
    ),
    forbid(
      'apps-import-packages-only',
      'An app is built from its own files, the workspace packages and npm packages; never from another app, the benches, the scripts or the root tests.',
      { path: '^apps/([^/]+)/', pathNot: '^apps/cli/' },
      {
        path: '^(apps|bench|scripts|test)/',
        pathNot: '^apps/$1/',
      },
    ),
    forbid(
      'cli-imports-packages-and-the-api-entry-only',
      'The same rule for the command line, with one exception: a standalone run serves the API in-process, so the CLI may import the API app through its public entry (@tfbench/api, apps/api/src/index.ts) and nothing else of another app.',
      { path: '^apps/cli/' },
      {
        path: '^(apps|bench|scripts|test)/',
        pathNot: ['^apps/cli/', '^apps/api/src/index\\.ts$'],
      },
    ),
    forbid(
      'web-imports-packages-only',
      'The same rule for the dashboard, which depcheck cruises from apps/web (its paths start at src/): whatever lies outside apps/web must be a workspace package or an npm package.',
      { path: '^src/' },
      { path: '^\\.\\./', pathNot: '^\\.\\./\\.\\./(packages|node_modules)/' },
    ),
    forbid(
      'core-knows-providers-only-by-interface',
      'The engine talks to providers through the Provider interface of the domain; the composition root wires implementations in.',
      { path: '^packages/core/' },
      { path: PROVIDERS },
    ),
    forbid(
      'engine-imports-no-feature',
      'The run engine knows no feature built on runs: benchmarks, schedules, analytics, alerts and the services register what they need (admission, after-run hooks, jobs, loops) in the composition root, packages/runtime.',
      { path: '^packages/core/src/engine/' },
      { path: '^packages/core/src/(alerts|benchmarks|reporting|rollups|schedules|services)/' },
    ),
    forbid(
      'providers-hold-no-sql',
      'Providers and the mocks know nothing of the database, the queue or the use cases: of our code they may use only the domain (the provider contract, measurement, statistics).',
      { path: PROVIDERS },
      {
        path: [
          '^packages/(core|runtime|testbed)/',
          'node_modules/(drizzle-orm|pg|@electric-sql|bullmq|ioredis)/',
        ],
      },
    ),
    forbid(
      'contract-depends-on-zod-only',
      'The wire contract is shared by the API and the browser: it states the wire in zod and imports nothing else (no core, no database), but for the shared vocabulary of the domain, which core reads too, so the two never hold copies that could drift.',
      { path: '^packages/contract/' },
      { pathNot: ['^packages/contract/', 'node_modules/zod/', SHARED_VOCABULARY] },
    ),
    forbid(
      'shared-vocabulary-imports-nothing',
      'The contract (and through it the browser) loads the shared vocabulary: it is constants only, so it pulls no other module of the domain and no library along.',
      { path: SHARED_VOCABULARY },
      { pathNot: SHARED_VOCABULARY },
    ),
    forbid(
      'web-takes-the-wire-from-the-contract',
      'The dashboard knows the API by its contract (@tfbench/contract); core is server code (database, queue) and stays out of the browser.',
      { path: '^src/' },
      { path: '(^|/)packages/core/|@tfbench/core' },
    ),
    forbid(
      'tools-never-import-app-tests',
      "The benches and scripts share test machinery through packages (@tfbench/testbed, @tfbench/core/testing), never through an app's e2e or test folder.",
      { path: '^(bench|scripts|test)/' },
      { path: '^apps/[^/]+/(e2e|test)/' },
    ),
    {
      name: 'no-orphans-in-src',
      severity: 'warn',
      from: { orphan: true, path: '^(apps|packages)/[^/]+/src/', pathNot: '\\.d\\.ts$|main\\.ts$|cli\\.ts$' },
      to: {},
    },
  ],
  options: {
    // npm packages stay in the graph as leaves, so the rules can name the ones a layer may not use.
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '/dist/|/\\.[a-z]+/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
