/**
 * `npm run bench:bus`: the CPU a process spends per event it publishes on the Redis event
 * bus, and Redis's, against the baseline of one XADD per event sent as a pipeline (what the
 * bus did before it sent a flush as one script call, without the bus's own checks).
 *
 * Both publish the same events the way a worker does under load: bursts of `--burst` events
 * in one turn of the event loop (a run's STARTED..COMPLETE and many runs' together), the next
 * burst once the previous one is stored. The two alternate `--repetitions` times (the
 * machine's load drifts between turns); each turn publishes `--events` events. Printed: the
 * median CPU per event of this process (process.cpuUsage) and of the Redis server (/proc),
 * each as a ratio to the baseline's.
 */
import { loadavg } from 'node:os';
import { type BusEvent, createEventBus, type EventBus } from '@tfbench/core/events';
import { percentileOfSorted } from '@tfbench/domain/statistics';
import { Redis } from 'ioredis';
import { deleteRedisKeys, redisServerPid, uniqueRedisPrefix } from './lib/bench-services.js';
import { BUS_USAGE, type BusBenchOptions, parseBusBenchArgs } from './lib/bus-args.js';
import { readBenchOptions } from './lib/cli-options.js';
import { processCpuMs } from './lib/process-cpu.js';

type RunEvent = Extract<BusEvent, { kind: 'run.event' }>;

/** The i-th event of a burst: the shape and size of a worker's PROGRESS events. */
function eventOf(i: number): RunEvent {
  return {
    kind: 'run.event',
    run_id: 100_000 + (i % 1_000),
    scenario_id: 3,
    benchmark_id: 7,
    seq: i % 6,
    type: 'PROGRESS',
    at_ms: 12.5 + i,
    purpose: 'Reading the product list',
  };
}

/** Publishes `events` in bursts; the CPU of this process and of Redis, ms. */
type Publish = (burst: RunEvent[]) => Promise<unknown>;

async function measure(
  publish: Publish,
  options: BusBenchOptions,
  redisPid: number | null,
): Promise<{ clientUs: number; redisUs: number | null }> {
  const redisBefore = redisPid === null ? null : processCpuMs(redisPid);
  const before = process.cpuUsage();
  for (let sent = 0; sent < options.events; sent += options.burst) {
    const size = Math.min(options.burst, options.events - sent);
    await publish(Array.from({ length: size }, (_, i) => eventOf(sent + i)));
  }
  const used = process.cpuUsage(before);
  const redisAfter = redisPid === null ? null : processCpuMs(redisPid);
  return {
    clientUs: (used.user + used.system) / options.events,
    redisUs:
      redisBefore === null || redisAfter === null
        ? null
        : ((redisAfter - redisBefore) * 1_000) / options.events,
  };
}

function median(values: number[]): number {
  return (
    percentileOfSorted(
      [...values].sort((a, b) => a - b),
      0.5,
    ) ?? Number.NaN
  );
}

async function main(): Promise<void> {
  const options = readBenchOptions(process.argv.slice(2), parseBusBenchArgs, BUS_USAGE);
  if (!options) return;
  const prefix = uniqueRedisPrefix();
  const streamKey = `${prefix}:events`;
  const bufferSize = 10_000;
  const redisPid = await redisServerPid(options.redisUrl);
  const plain = new Redis(options.redisUrl);
  let bus: EventBus | undefined;
  try {
    bus = await createEventBus({ redisUrl: options.redisUrl, prefix, bufferSize });
    const product = bus;
    // The baseline: one XADD per event, the burst as one pipeline.
    const pipelined: Publish = (burst) => {
      const pipeline = plain.pipeline();
      for (const event of burst) {
        pipeline.xadd(streamKey, 'MAXLEN', '~', bufferSize, '*', 'e', JSON.stringify(event));
      }
      return pipeline.exec();
    };
    const published: Publish = (burst) => Promise.all(burst.map((event) => product.publish(event)));
    const ways = [
      {
        name: 'pipelined XADDs (baseline)',
        publish: pipelined,
        client: [] as number[],
        redis: [] as number[],
      },
      {
        name: 'event bus (one script call)',
        publish: published,
        client: [] as number[],
        redis: [] as number[],
      },
    ];
    console.log(`command:  npm run bench:bus -- ${process.argv.slice(2).join(' ')}`.trimEnd());
    console.log(
      `date:     ${new Date().toISOString()}; load average before ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    console.log(
      `load:     ${options.events} events per turn in bursts of ${options.burst}, ${options.repetitions} turns each, alternating`,
    );
    // A first turn of each warms the JIT and the connections; it is not counted.
    for (const way of ways)
      await measure(way.publish, { ...options, events: Math.min(options.events, 5_000) }, null);
    for (let turn = 0; turn < options.repetitions; turn++) {
      for (const way of ways) {
        const result = await measure(way.publish, options, redisPid);
        way.client.push(result.clientUs);
        if (result.redisUs !== null) way.redis.push(result.redisUs);
      }
    }
    const [baseline] = ways;
    const base = {
      client: median(baseline!.client),
      redis: baseline!.redis.length ? median(baseline!.redis) : null,
    };
    console.log('\nway                           this process us/event  ratio   Redis us/event  ratio');
    for (const way of ways) {
      const client = median(way.client);
      const redis = way.redis.length ? median(way.redis) : null;
      console.log(
        `${way.name.padEnd(30)}${client.toFixed(2).padStart(21)}  ${(client / base.client).toFixed(2).padStart(5)}x` +
          `${redis === null ? '               -' : redis.toFixed(2).padStart(16)}  ${redis === null || !base.redis ? '    -' : `${(redis / base.redis).toFixed(2).padStart(5)}x`}`,
      );
    }
    console.log(
      `\nload average after ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
  } finally {
    await bus?.close();
    plain.disconnect();
    await deleteRedisKeys(options.redisUrl, prefix);
  }
}

await main();
