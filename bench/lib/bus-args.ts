/** The flags of `npm run bench:bus` (bench/event-bus.ts). */
import { flagText, int, readFlags, url } from './flags.js';

export const BUS_USAGE = `npm run bench:bus -- [--events 20000] [--burst 40] [--repetitions 5] [--redis-url URL]

  --events <n>       events per turn, default 20000
  --burst <n>        events published in one turn of the event loop, default 40
  --repetitions <n>  turns of each way, alternating, default 5
  --redis-url <url>  Redis; keys go under a unique prefix and are deleted after,
                     default redis://127.0.0.1:6379
`;

export interface BusBenchOptions {
  help: boolean;
  events: number;
  burst: number;
  repetitions: number;
  redisUrl: string;
}

/** Parses argv (without node and script). Throws with a readable message on bad input. */
export function parseBusBenchArgs(argv: readonly string[]): BusBenchOptions {
  const flags = readFlags(argv, ['events', 'burst', 'repetitions', 'redis-url']);
  return {
    help: flags.has('help'),
    events: int(flagText(flags, 'events'), 'events', 100, 10_000_000) ?? 20_000,
    burst: int(flagText(flags, 'burst'), 'burst', 1, 10_000) ?? 40,
    repetitions: int(flagText(flags, 'repetitions'), 'repetitions', 1, 50) ?? 5,
    redisUrl: url(flagText(flags, 'redis-url'), 'redis-url', 'redis://127.0.0.1:6379', /^rediss?:\/\//),
  };
}
