/**
 * The Redis event bus on a real Redis: the shared contract, plus delivery across processes,
 * across a killed connection, and failing fast when Redis is down.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { compareEventIds } from '../src/events/event-ids.js';
import {
  createEventBus,
  type DeliveredEvent,
  type EventBus,
  EventBusUnavailableError,
} from '../src/events/index.js';
import { deleteRedisKeys, TEST_REDIS_URL, uniqueRedisPrefix } from '../src/testing/index.js';
import { busContract, runEvent } from './events-contract.js';
import { eventually } from './queue-contract.js';
import { redisContractSuite, unreachableRedis } from './redis-suite.js';

const redis = await redisContractSuite('bus');
const redisReady = redis.ready;
const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));

busContract({
  name: 'redis',
  ...redis.contract,
  open: ({ bufferSize }) => createEventBus({ ...redis.connection(), bufferSize }),
});

describe.skipIf(!redisReady)('redis event bus across processes and connections', () => {
  const buses: EventBus[] = [];
  let prefix = '';

  afterEach(async () => {
    await Promise.all(buses.splice(0).map((bus) => bus.close()));
    await deleteRedisKeys(prefix);
  });

  const open = async (): Promise<EventBus> => {
    const bus = await createEventBus({ redisUrl: TEST_REDIS_URL, prefix });
    buses.push(bus);
    return bus;
  };

  it('delivers events published by another process, in order, to every subscribed process', async () => {
    prefix = uniqueRedisPrefix('bus-xproc');
    const [first, second] = [await open(), await open()];
    const atFirst: DeliveredEvent[] = [];
    const atSecond: DeliveredEvent[] = [];
    first.subscribe({ run_id: 11 }, (d) => atFirst.push(d));
    second.subscribe({}, (d) => atSecond.push(d));

    const { stdout } = await run(process.execPath, [
      '--import',
      'tsx',
      path.join(here, 'events-fixtures', 'publisher.ts'),
      TEST_REDIS_URL,
      prefix,
      '11',
      '5',
    ]);
    const publishedIds = JSON.parse(stdout.trim()) as string[];

    await eventually(
      () => atFirst.length === 5 && atSecond.length === 5,
      5_000,
      'events from the child process',
    );
    expect(atFirst.map((d) => d.id)).toEqual(publishedIds);
    expect(atSecond.map((d) => d.id)).toEqual(publishedIds);
    expect(atFirst.map((d) => (d.event.kind === 'run.event' ? d.event.seq : -1))).toEqual([0, 1, 2, 3, 4]);
    // Any process can replay what another published: the buffer lives in Redis.
    const replay = await second.replaySince(publishedIds[1]!);
    expect(replay.events.map((d) => d.id)).toEqual(publishedIds.slice(2));
  });

  it('sends a burst of publishes together (in more than one script call) and keeps their order, ids and delivery', async () => {
    const bus = await open();
    const seen: DeliveredEvent[] = [];
    bus.subscribe({ run_id: 9 }, (delivered) => seen.push(delivered));
    const ids = await Promise.all(Array.from({ length: 300 }, (_, i) => bus.publish(runEvent(9, i + 1))));
    // One id each, increasing in the order publish was called.
    expect(new Set(ids).size).toBe(300);
    expect([...ids].sort(compareEventIds)).toEqual(ids);
    await eventually(() => seen.length === 300);
    expect(seen.map((d) => d.id)).toEqual(ids);
    expect(seen.map((d) => (d.event.kind === 'run.event' ? d.event.seq : 0))).toEqual(
      Array.from({ length: 300 }, (_, i) => i + 1),
    );
    // Published and then closed at once: the waiting events still go out.
    const last = bus.publish(runEvent(9, 301));
    await bus.close();
    expect(await last).toMatch(/^\d+-\d+$/);
  });

  it('publishes again after Redis forgot its scripts (as after a restart)', async () => {
    prefix = uniqueRedisPrefix('bus-noscript');
    const bus = await open();
    const first = await bus.publish(runEvent(4, 0));
    const admin = new Redis(TEST_REDIS_URL);
    try {
      await admin.script('FLUSH');
    } finally {
      admin.disconnect();
    }
    const ids = await Promise.all([bus.publish(runEvent(4, 1)), bus.publish(runEvent(4, 2))]);
    expect([first, ...ids].sort(compareEventIds)).toEqual([first, ...ids]);
    const replay = await bus.replaySince(first);
    expect(replay.events.map((d) => d.id)).toEqual(ids);
  });

  it('does not read the stream while no one listens, and a later subscriber gets what follows', async () => {
    prefix = uniqueRedisPrefix('bus-idle');
    const [idle, publisher] = [await open(), await open()];
    await Promise.all(Array.from({ length: 200 }, (_, i) => publisher.publish(runEvent(5, i))));
    // Longer than a few idle polls: the idle reader has moved its place past those 200.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const admin = new Redis(TEST_REDIS_URL);
    try {
      const clients = (await admin.client('LIST')) as string;
      const readers = clients.split('\n').filter((line) => line.includes(`name=${prefix}:events-reader`));
      expect(readers).toHaveLength(2);
      // Neither bus has a subscriber: their readers only ask where the stream ends.
      for (const line of readers) expect(/ cmd=(\S+)/.exec(line)?.[1]).toBe('xrevrange');
    } finally {
      admin.disconnect();
    }
    const received: DeliveredEvent[] = [];
    idle.subscribe({ run_id: 5 }, (d) => received.push(d));
    // Published right after the subscribe, while the reader may still be in its idle wait.
    const ids = await Promise.all(
      Array.from({ length: 5 }, (_, i) => publisher.publish(runEvent(5, 200 + i))),
    );
    await eventually(() => received.length >= 5, 5_000, 'the events published after the subscribe');
    expect(received.map((d) => d.id)).toEqual(ids);
  });

  it('keeps delivering, without a gap, after its reader connection is killed', async () => {
    prefix = uniqueRedisPrefix('bus-reconnect');
    const [subscriber, publisher] = [await open(), await open()];
    const received: DeliveredEvent[] = [];
    subscriber.subscribe({}, (d) => received.push(d));
    await publisher.publish(runEvent(1, 0));
    await eventually(() => received.length === 1, 5_000, 'the first event');

    const admin = new Redis(TEST_REDIS_URL);
    try {
      // Kill both buses' reader connections (CLIENT KILL is what a Redis failover looks like).
      const clients = (await admin.client('LIST')) as string;
      const readers = clients.split('\n').filter((line) => line.includes(`name=${prefix}:events-reader`));
      expect(readers).toHaveLength(2);
      for (const line of readers) await admin.client('KILL', 'ID', /id=(\d+)/.exec(line)![1]!);
    } finally {
      admin.disconnect();
    }
    // Published while the subscriber is reconnecting: pub/sub would lose these.
    for (let seq = 1; seq <= 3; seq++) await publisher.publish(runEvent(1, seq));
    await eventually(() => received.length === 4, 10_000, 'the events published during the reconnect');
    expect(received.map((d) => (d.event.kind === 'run.event' ? d.event.seq : -1))).toEqual([0, 1, 2, 3]);
  });
});

describe('redis event bus with Redis unreachable', () => {
  it('starts anyway and rejects publish within a second with EventBusUnavailableError', async () => {
    const started = performance.now();
    const bus = await createEventBus({ ...unreachableRedis(), startTimeoutMs: 300 });
    try {
      expect(performance.now() - started).toBeLessThan(1_000);
      expect(bus.isHealthy()).toBe(false);
      const publishing = performance.now();
      const error = await bus.publish(runEvent(1, 0)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EventBusUnavailableError);
      expect((error as EventBusUnavailableError).httpStatus).toBe(503);
      expect(performance.now() - publishing).toBeLessThan(1_000);
      await expect(bus.replaySince('1-0')).rejects.toBeInstanceOf(EventBusUnavailableError);
    } finally {
      await bus.close();
    }
  });
});
