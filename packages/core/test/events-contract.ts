/**
 * busContract(): the behaviour every EventBus adapter must show, run once per adapter.
 * Delivery on Redis is asynchronous, so tests wait for it with `eventually`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  type BusEvent,
  compareEventIds,
  type DeliveredEvent,
  type EventBus,
  EventBusUnavailableError,
  subscribeSince,
} from '../src/events/index.js';
import { eventually } from './queue-contract.js';

export interface BusContractTarget {
  name: string;
  /** A fresh bus on an isolated namespace. */
  open(options: { bufferSize: number }): Promise<EventBus>;
  cleanup?(): Promise<void>;
  skip?: boolean;
}

export function runStatus(
  run_id: number,
  status: 'pending' | 'running' | 'completed',
  extra: Partial<BusEvent> = {},
): BusEvent {
  return {
    kind: 'run.status',
    run_id,
    scenario_id: 1,
    benchmark_id: null,
    status,
    at: new Date().toISOString(),
    ...extra,
  } as BusEvent;
}

export function runEvent(run_id: number, seq: number): BusEvent {
  return {
    kind: 'run.event',
    run_id,
    scenario_id: 1,
    benchmark_id: 3,
    seq,
    type: 'PROGRESS',
    at_ms: 100 * seq,
    purpose: `step ${seq}`,
  };
}

export function benchmarkProgress(benchmark_id: number): BusEvent {
  return {
    kind: 'benchmark.progress',
    benchmark_id,
    scenario_id: 2,
    status: 'running',
    counts: { completed: 1, running: 2 },
    total: 10,
  };
}

function expectIncreasing(ids: string[]): void {
  for (let i = 1; i < ids.length; i++) expect(compareEventIds(ids[i]!, ids[i - 1]!)).toBeGreaterThan(0);
}

export function busContract(target: BusContractTarget): void {
  describe.skipIf(target.skip)(`event bus contract [${target.name}]`, () => {
    const opened: EventBus[] = [];
    const open = async (bufferSize = 1_000): Promise<EventBus> => {
      const bus = await target.open({ bufferSize });
      opened.push(bus);
      return bus;
    };

    afterEach(async () => {
      await Promise.all(opened.splice(0).map((bus) => bus.close()));
      await target.cleanup?.();
    });

    it('delivers every event in publication order with increasing ids', async () => {
      const bus = await open();
      const received: DeliveredEvent[] = [];
      bus.subscribe({}, (delivered) => received.push(delivered));
      const ids = await Promise.all(Array.from({ length: 50 }, (_, seq) => bus.publish(runEvent(1, seq))));
      await eventually(() => received.length === 50, 5_000, '50 events');
      expect(new Set(received.map((d) => d.id))).toEqual(new Set(ids));
      expectIncreasing(received.map((d) => d.id));
      // Same-process publishes in one tick keep their order, too.
      expect(received.map((d) => (d.event.kind === 'run.event' ? d.event.seq : -1))).toEqual([
        ...Array(50).keys(),
      ]);
      expect(received[0]!.event).toEqual(runEvent(1, 0));
    });

    it('filters by run, scenario, benchmark and kind', async () => {
      const bus = await open();
      const byRun: DeliveredEvent[] = [];
      const byBenchmark: DeliveredEvent[] = [];
      const byScenarioAndKind: DeliveredEvent[] = [];
      const everything: DeliveredEvent[] = [];
      bus.subscribe({ run_id: 7 }, (d) => byRun.push(d));
      bus.subscribe({ benchmark_id: 3 }, (d) => byBenchmark.push(d));
      bus.subscribe({ scenario_id: 2, kinds: ['benchmark.progress'] }, (d) => byScenarioAndKind.push(d));
      bus.subscribe({}, (d) => everything.push(d));
      const running = runStatus(7, 'running');
      await bus.publish(running);
      await bus.publish(runStatus(8, 'running'));
      await bus.publish(runEvent(7, 1));
      await bus.publish(benchmarkProgress(3));
      await bus.publish(benchmarkProgress(4));
      await eventually(() => everything.length === 5, 5_000, 'five events');
      expect(byRun.map((d) => d.event)).toEqual([running, runEvent(7, 1)]);
      expect(byBenchmark.map((d) => d.event.kind)).toEqual(['run.event', 'benchmark.progress']);
      expect(byScenarioAndKind.map((d) => d.event)).toEqual([benchmarkProgress(3), benchmarkProgress(4)]);
    });

    it('stops delivering after unsubscribe, and a throwing listener does not stop the others', async () => {
      const bus = await open();
      const kept: DeliveredEvent[] = [];
      const dropped: DeliveredEvent[] = [];
      bus.subscribe({}, () => {
        throw new Error('a broken listener');
      });
      const unsubscribe = bus.subscribe({}, (d) => dropped.push(d));
      bus.subscribe({}, (d) => kept.push(d));
      await bus.publish(runStatus(1, 'pending'));
      await eventually(() => kept.length === 1 && dropped.length === 1, 5_000, 'the first event');
      unsubscribe();
      await bus.publish(runStatus(1, 'running'));
      await eventually(() => kept.length === 2, 5_000, 'the second event');
      expect(dropped).toHaveLength(1);
    });

    it('rejects an event that breaks its schema', async () => {
      const bus = await open();
      await expect(bus.publish({ ...runEvent(1, 1), seq: -1 } as BusEvent)).rejects.toThrow();
      await expect(bus.publish({ kind: 'run.unknown', run_id: 1 } as unknown as BusEvent)).rejects.toThrow();
    });

    it('replays the events after an id, filtered, and says the replay is complete', async () => {
      const bus = await open();
      const ids: string[] = [];
      for (let seq = 0; seq < 5; seq++) ids.push(await bus.publish(runEvent(seq % 2 === 0 ? 1 : 2, seq)));
      const all = await bus.replaySince(ids[1]!);
      expect(all.complete).toBe(true);
      expect(all.events.map((d) => d.id)).toEqual(ids.slice(2));
      const runOne = await bus.replaySince(ids[0]!, { run_id: 1 });
      expect(runOne.events.map((d) => d.id)).toEqual([ids[2], ids[4]]);
      const upToDate = await bus.replaySince(ids[4]!);
      expect(upToDate).toEqual({ events: [], complete: true });
    });

    it('bounds the replay buffer and reports a gap when the id is older than the buffer', async () => {
      const bus = await open(10);
      const ids: string[] = [];
      // Redis trims `MAXLEN ~` in whole stream nodes (100 entries), so publish well past that.
      for (let seq = 0; seq < 300; seq++) ids.push(await bus.publish(runEvent(1, seq)));
      const replay = await bus.replaySince(ids[0]!);
      expect(replay.complete).toBe(false);
      expect(replay.events.length).toBeGreaterThanOrEqual(10);
      expect(replay.events.length).toBeLessThan(299);
      expect(replay.events.at(-1)!.id).toBe(ids.at(-1));
      expectIncreasing(replay.events.map((d) => d.id));
      expect(await bus.replaySince('not-an-id')).toEqual({ events: [], complete: false });
    });

    it('resumes from a Last-Event-ID: replay, then live, with no gap and no duplicate', async () => {
      const bus = await open();
      const first = await bus.publish(runEvent(1, 0));
      await bus.publish(runEvent(1, 1));
      await bus.publish(runEvent(1, 2));
      const received: DeliveredEvent[] = [];
      const resumed = await subscribeSince(bus, { run_id: 1 }, first, (d) => received.push(d));
      expect(resumed.complete).toBe(true);
      await bus.publish(runEvent(1, 3));
      await bus.publish(runEvent(2, 4));
      await eventually(() => received.length === 3, 5_000, 'replayed and live events');
      await bus.publish(runEvent(1, 5));
      await eventually(() => received.length === 4, 5_000, 'the next live event');
      expect(received.map((d) => (d.event.kind === 'run.event' ? d.event.seq : -1))).toEqual([1, 2, 3, 5]);
      expectIncreasing(received.map((d) => d.id));
      resumed.unsubscribe();
    });

    it('refuses to publish once closed', async () => {
      const bus = await open();
      expect(bus.isHealthy()).toBe(true);
      await bus.close();
      expect(bus.isHealthy()).toBe(false);
      await expect(bus.publish(runStatus(1, 'pending'))).rejects.toBeInstanceOf(EventBusUnavailableError);
    });
  });
}
