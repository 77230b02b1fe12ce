import { readCliFlags } from '@tfbench/mock-tinyfish';
import type { MockOpenAIOptions } from './server.js';

/** What the CLI was asked to do. */
export interface CliRequest {
  options: MockOpenAIOptions;
  /** Time in-flight responses get to finish on SIGINT/SIGTERM. */
  graceMs: number;
  help: boolean;
}

export const USAGE = `Usage: tsx packages/mock-openai/src/main.ts [options]

A mock OpenAI-compatible server (see packages/mock-openai/README.md).

Options (environment fallback in brackets):
  --host <host>           interface to listen on, default 127.0.0.1     [MOCK_OPENAI_HOST]
  --port <port>           port, default 8788; 0 picks a free one         [MOCK_OPENAI_PORT]
  --seed <n>              seed of the timing model, default random       [MOCK_OPENAI_SEED]
  --api-key <key>         require Authorization: Bearer <key> (prefer the env var: argv is visible to ps)
                                                                         [MOCK_OPENAI_API_KEY]
  --models <a,b,...>      model ids served, default mock-llm,mock-reasoner [MOCK_OPENAI_MODELS]
  --behaviour <json>      server-wide behaviour (the "mock" field schema) [MOCK_OPENAI_BEHAVIOUR]
  --max-stored-requests <n>  ground truth kept for the n most recent requests, default 10000
  --grace-ms <ms>         on SIGINT/SIGTERM, let open responses finish this long, default 5000
  --help                  print this text
`;

const KNOWN = [
  'host',
  'port',
  'seed',
  'api-key',
  'models',
  'behaviour',
  'max-stored-requests',
  'grace-ms',
  'help',
];

/** Parses argv (without node and script) with environment fallbacks. Throws on bad input. */
export function parseCliArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): CliRequest {
  const { has, text, int } = readCliFlags(argv, env, KNOWN, ['help']);

  const options: MockOpenAIOptions = {
    host: text('host', 'MOCK_OPENAI_HOST') ?? '127.0.0.1',
    port: int('port', 'MOCK_OPENAI_PORT', 0, 65535) ?? 8788,
  };
  const seed = int('seed', 'MOCK_OPENAI_SEED', 0, 4294967295);
  if (seed !== undefined) options.seed = seed;
  const apiKey = text('api-key', 'MOCK_OPENAI_API_KEY');
  if (apiKey !== undefined) options.apiKey = apiKey;
  const models = text('models', 'MOCK_OPENAI_MODELS');
  if (models !== undefined) {
    const ids = models
      .split(',')
      .map((m) => m.trim())
      .filter((m) => m.length > 0);
    if (ids.length === 0) throw new Error('--models must name at least one model');
    options.models = ids;
  }
  const behaviour = text('behaviour', 'MOCK_OPENAI_BEHAVIOUR');
  if (behaviour !== undefined) {
    try {
      options.behaviour = JSON.parse(behaviour) as MockOpenAIOptions['behaviour'];
    } catch {
      throw new Error('--behaviour must be a JSON object');
    }
  }
  const stored = int('max-stored-requests', undefined, 1, 100_000_000);
  if (stored !== undefined) options.maxStoredRequests = stored;
  return {
    options,
    graceMs: int('grace-ms', undefined, 0, 600_000) ?? 5000,
    help: has('help'),
  };
}
