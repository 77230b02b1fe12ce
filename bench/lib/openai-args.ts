/** Command-line flags of bench/openai-accuracy.ts, parsed into plain options. */
import { flagText, int, intList, perLevel, readFlags } from './flags.js';

export interface OpenAIBenchOptions {
  /** Concurrency levels, in the order they run. */
  levels: number[];
  /** Measured streams per level and per reader, one entry per level. */
  streamsPerLevel: number[];
  /** Output tokens of every stream (one token per chunk). */
  tokens: number;
  /** Flat per-stream speed of the mock (no slow-down under load, no jitter). */
  tokensPerSecond: number;
  /** Fixed time to first token of the mock, ms. */
  ttftMs: number;
  /** Streams per reader at concurrency 20 before the first level (JIT, first connections). */
  warmupStreams: number;
  /** No stream starts after this many seconds; those in flight end on their own. */
  maxSeconds: number;
  /** A phase's first streams start spread over this many ms, so their chunks do not all fall in step. */
  rampMs: number;
  seed: number;
  jsonFile: string | null;
  help: boolean;
}

const DEFAULT_LEVELS = [1, 100, 500];
/** Per level: one generation at 500, two at 100, a few sequential streams at 1. */
const DEFAULT_STREAMS: Record<number, number> = { 1: 4, 100: 200, 500: 500 };

export const OPENAI_USAGE = `Usage: npm run bench:client:openai -- [options]
       npx tsx bench/openai-accuracy.ts [options]

Measures the OpenAI-compatible client against the mock OpenAI server's ground truth on
loopback (the mock in its own process), next to a bare node:http SSE reader measured in the
same run (docs/performance.md, "OpenAI-compatible client accuracy").

Options:
  --levels <list>             concurrency levels, default 1,100,500
  --streams-per-level <list>  measured streams per level and reader: one number for every
                              level or one per level; default 4 at 1, 200 at 100, 500 at 500,
                              otherwise the level (at least 4)
  --tokens <n>                output tokens per stream, default 256
  --tokens-per-s <n>          per-stream speed of the mock, default 50
  --ttft-ms <n>               the mock's time to first token, default 100
  --warmup-streams <n>        streams per reader before the first level, default 40
  --max-seconds <s>           start no stream after this many seconds, default 300
  --ramp-ms <ms>              spread each phase's first starts over this long, default 1000
  --seed <n>                  seed of the mock, default 1
  --json <file>               also write the results as JSON to <file>
  --help                      print this text

Quick run: npm run bench:client:openai -- --levels 1,20 --streams-per-level 2,20 --tokens 64
`;

/** Parses argv (without node and script). Throws with a readable message on bad input. */
export function parseOpenAIBenchArgs(argv: readonly string[]): OpenAIBenchOptions {
  const flags = readFlags(argv, [
    'levels',
    'streams-per-level',
    'tokens',
    'tokens-per-s',
    'ttft-ms',
    'warmup-streams',
    'max-seconds',
    'ramp-ms',
    'seed',
    'json',
  ]);
  const text = (name: string): string | undefined => flagText(flags, name);
  const levels = intList(text('levels'), 'levels', 1, 5000) ?? DEFAULT_LEVELS;
  const streamsPerLevel = perLevel(
    flags,
    'streams-per-level',
    levels,
    (c) => DEFAULT_STREAMS[c] ?? Math.max(4, c),
  );
  return {
    levels,
    streamsPerLevel,
    tokens: int(text('tokens'), 'tokens', 2, 4096) ?? 256,
    tokensPerSecond: int(text('tokens-per-s'), 'tokens-per-s', 1, 10_000) ?? 50,
    ttftMs: int(text('ttft-ms'), 'ttft-ms', 0, 60_000) ?? 100,
    warmupStreams: int(text('warmup-streams'), 'warmup-streams', 0, 100_000) ?? 40,
    maxSeconds: int(text('max-seconds'), 'max-seconds', 1, 3600) ?? 300,
    rampMs: int(text('ramp-ms'), 'ramp-ms', 0, 600_000) ?? 1000,
    seed: int(text('seed'), 'seed', 0, 4_294_967_295) ?? 1,
    jsonFile: text('json') ?? null,
    help: flags.has('help'),
  };
}

/** The mock's server-wide behaviour: a flat model, so every delay is the plan's and nothing else. */
export function mockBehaviour(options: OpenAIBenchOptions): Record<string, unknown> {
  return {
    load: null,
    gap_jitter: 0,
    tokens_per_s: options.tokensPerSecond,
    ttft_ms: options.ttftMs,
    output_tokens: options.tokens,
    max_output_tokens: options.tokens,
    tokens_per_chunk: 1,
    fault: 'none',
  };
}
