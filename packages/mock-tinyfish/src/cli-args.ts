import { readCliFlags } from './cli-flags.js';
import type { MockTinyFishOptions } from './server.js';

/** What the CLI was asked to do. */
export interface CliRequest {
  options: MockTinyFishOptions;
  /** A JSON file holding a behaviour model, merged under --model. */
  modelFile: string | null;
  /** Time in-flight responses get to finish on SIGINT/SIGTERM. */
  graceMs: number;
  help: boolean;
}

export const USAGE = `Usage: tsx packages/mock-tinyfish/src/main.ts [options]

A protocol-faithful mock of the TinyFish Automation API (see packages/mock-tinyfish/README.md).

Options (environment fallback in brackets):
  --host <host>               interface to listen on, default 127.0.0.1   [MOCK_TINYFISH_HOST]
  --port <port>               port, default 8787; 0 picks a free one       [MOCK_TINYFISH_PORT]
  --seed <n>                  seed of the behaviour model, default random  [MOCK_TINYFISH_SEED]
  --strict | --lenient        validate url and goal like the real API, default lenient
                                                                           [MOCK_TINYFISH_STRICT=true|false]
  --api-key <key>             require this X-API-Key (prefer the env var: argv is visible to ps)
                                                                           [MOCK_TINYFISH_API_KEY]
  --model <json>              server-wide behaviour model (the "mock" object schema)
                                                                           [MOCK_TINYFISH_MODEL]
  --model-file <path>         the same, read from a JSON file (--model wins key by key)
  --concurrency-limit <n>     runs beyond n at once stay PENDING           [MOCK_TINYFISH_CONCURRENCY_LIMIT]
  --max-stored-runs <n>       forget the oldest finished runs beyond n, default 100000
  --grace-ms <ms>             on SIGINT/SIGTERM, let open responses finish this long, default 5000
  --help                      print this text
`;

const ENV = {
  host: 'MOCK_TINYFISH_HOST',
  port: 'MOCK_TINYFISH_PORT',
  seed: 'MOCK_TINYFISH_SEED',
  strict: 'MOCK_TINYFISH_STRICT',
  apiKey: 'MOCK_TINYFISH_API_KEY',
  model: 'MOCK_TINYFISH_MODEL',
  concurrencyLimit: 'MOCK_TINYFISH_CONCURRENCY_LIMIT',
} as const;

/** Parses argv (without node and script) with environment fallbacks. Throws on bad input. */
export function parseCliArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): CliRequest {
  const { has, text, int } = readCliFlags(
    argv,
    env,
    [
      'host',
      'port',
      'seed',
      'strict',
      'lenient',
      'api-key',
      'model',
      'model-file',
      'concurrency-limit',
      'max-stored-runs',
      'grace-ms',
      'help',
    ],
    ['strict', 'lenient', 'help'],
  );

  let strict = false;
  if (has('strict') && has('lenient')) throw new Error('--strict and --lenient exclude each other');
  if (has('strict')) strict = true;
  else if (!has('lenient') && env[ENV.strict] !== undefined) {
    const raw = env[ENV.strict]!.toLowerCase();
    if (!['true', 'false', '1', '0'].includes(raw)) throw new Error(`${ENV.strict} must be true or false`);
    strict = raw === 'true' || raw === '1';
  }

  const modelText = text('model', ENV.model);
  let model: unknown;
  if (modelText !== undefined) {
    try {
      model = JSON.parse(modelText);
    } catch {
      throw new Error('--model must be a JSON object');
    }
  }

  const options: MockTinyFishOptions = {
    host: text('host', ENV.host) ?? '127.0.0.1',
    port: int('port', ENV.port, 0, 65535) ?? 8787,
    strict,
  };
  const seed = int('seed', ENV.seed, 0, 4294967295);
  if (seed !== undefined) options.seed = seed;
  const apiKey = text('api-key', ENV.apiKey);
  if (apiKey !== undefined) options.apiKey = apiKey;
  if (model !== undefined) options.model = model as MockTinyFishOptions['model'];
  const limit = int('concurrency-limit', ENV.concurrencyLimit, 1, 1_000_000);
  if (limit !== undefined) options.concurrencyLimit = limit;
  const maxRuns = int('max-stored-runs', undefined, 1, 100_000_000);
  if (maxRuns !== undefined) options.maxStoredRuns = maxRuns;

  return {
    options,
    modelFile: text('model-file') ?? null,
    graceMs: int('grace-ms', undefined, 0, 600_000) ?? 5000,
    help: has('help'),
  };
}
