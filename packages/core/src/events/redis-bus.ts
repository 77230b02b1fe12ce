/**
 * The event bus across processes, on one Redis Stream per deployment (`<prefix>:events`).
 *
 * Why a Stream rather than pub/sub: XADD hands out the ids that SSE clients resume from, and
 * `MAXLEN ~ bufferSize` keeps a bounded replay buffer in Redis that every API process shares
 * — a client may reconnect to a different process than the one it left. Each process reads
 * the stream with one loop (`XREAD BLOCK` from the last id it saw, on a dedicated connection)
 * and fans events out to its local subscribers. Because the loop resumes from its last id, a
 * dropped connection loses nothing that is still in the buffer — where pub/sub would silently
 * drop every message sent while the subscriber was reconnecting — and every process sees
 * events in the same order with the same ids.
 */
import type { Redis } from 'ioredis';
import { asUnavailable, closeRedis, ensureRedisReady, openRedis } from '../queue/redis-connection.js';
import type { Logger } from '../queue/types.js';
import { EventBusUnavailableError } from './errors.js';
import { FanOutBus } from './fan-out-bus.js';
import { replayFrom } from './filter.js';
import {
  type BusEvent,
  busEventSchema,
  type DeliveredEvent,
  type EventFilter,
  type EventListener,
  type ReplayResult,
} from './types.js';

export interface RedisEventBusOptions {
  redisUrl: string;
  prefix: string;
  bufferSize: number;
  logger: Logger;
  /** Longest one XREAD blocks before it is issued again. Default 5 s. */
  blockMs?: number;
}

/** Stream entries as ioredis returns them: [id, [field, value, ...]]. */
type StreamEntry = [id: string, fields: string[]];

const COMMAND_TIMEOUT_MS = 1_000;

/**
 * KEYS[1] = the stream; ARGV[1] = its length to keep (approximately), ARGV[2..] = one event
 * each. Adds one entry per event, in order, and returns their ids. `~` lets Redis trim in
 * whole macro-nodes: cheap, and keeps at least that many entries.
 */
const XADD_EACH = `local ids = {}
for i = 2, #ARGV do
  ids[i - 1] = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'e', ARGV[i])
end
return ids`;

/**
 * Events per script call: a script holds Redis for its whole run, and a few hundred XADDs
 * take well under a millisecond.
 */
const EVENTS_PER_CALL = 256;

/** An event waiting for the next flush, with the settling of its publish call. */
interface OutboxEntry {
  payload: string;
  resolve: (id: string) => void;
  reject: (error: unknown) => void;
}

type XaddEach = (key: string, maxLength: number, ...payloads: string[]) => Promise<unknown>;
/** How often a loop with no subscriber moves its place to the stream's end. */
const IDLE_POLL_MS = 250;
/** A wait that does not keep the process alive (the loop ends with the bus). */
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());
const unavailable = (message: string, cause?: unknown) => new EventBusUnavailableError(message, { cause });

export class RedisEventBus extends FanOutBus {
  readonly kind = 'redis' as const;
  private readonly publisher: Redis;
  private readonly xaddEach: XaddEach;
  private readonly reader: Redis;
  private readonly streamKey: string;
  /** Id of the last entry the read loop has delivered (or the stream's end at start). */
  private lastId: string | undefined;
  /** Resolves on close. ioredis never settles a command queued while it is reconnecting
   * when the connection is then closed, so the loop races its commands against this. */
  private readonly stopped: Promise<null>;
  private stop: () => void = () => {};
  private readonly loop: Promise<void>;
  private readonly started: Promise<void>;
  /** Resolves the idle loop's wait when a subscriber arrives (see keepPlace). */
  private wakeOnSubscribe: (() => void) | undefined;
  /** Events waiting for the next flush (see publishValid). */
  private outbox: OutboxEntry[] = [];

  constructor(private readonly options: RedisEventBusOptions) {
    super(options.logger);
    const { redisUrl, prefix, logger } = options;
    this.streamKey = `${prefix}:events`;
    this.publisher = openRedis({
      url: redisUrl,
      role: 'command',
      name: `${prefix}:events-publisher`,
      logger,
      commandTimeoutMs: COMMAND_TIMEOUT_MS,
    });
    // defineCommand runs the script by EVALSHA and loads it on NOSCRIPT (after a Redis restart).
    this.publisher.defineCommand('tfbenchXaddEach', { numberOfKeys: 1, lua: XADD_EACH });
    const xaddEach = (this.publisher as unknown as Record<string, XaddEach | undefined>).tfbenchXaddEach;
    if (!xaddEach) throw new Error('redis script tfbenchXaddEach was not defined');
    this.xaddEach = xaddEach.bind(this.publisher);
    this.reader = openRedis({ url: redisUrl, role: 'blocking', name: `${prefix}:events-reader`, logger });
    this.stopped = new Promise((resolve) => {
      this.stop = () => resolve(null);
    });
    let markStarted: () => void = () => {};
    this.started = new Promise((resolve) => {
      markStarted = resolve;
    });
    this.loop = this.readLoop(markStarted);
  }

  /**
   * Resolves once the read loop knows where the stream ends, so that every event published
   * after this is delivered to subscribers — or after `timeoutMs` if Redis is unreachable
   * (the loop keeps trying; the API must start without Redis).
   */
  async ready(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.started,
      new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs))),
    ]);
    clearTimeout(timer);
  }

  /**
   * Events published in one turn of the event loop go to Redis together, in one script call
   * that adds an entry per event: a run's STARTED, STREAMING_URL, PROGRESS and COMPLETE often
   * arrive in one read of its stream, and hundreds of runs publish at once under load. One
   * call for the batch costs the publishing process about 40 % less CPU per event than a
   * pipeline of XADDs (the client builds, writes and settles one command, not one per event;
   * `npm run bench:bus`). Order is kept (one script, in call order).
   */
  protected async publishValid(valid: BusEvent): Promise<string> {
    await ensureRedisReady(this.publisher, 'the event bus', COMMAND_TIMEOUT_MS, unavailable);
    return new Promise<string>((resolve, reject) => {
      if (this.outbox.length === 0) setImmediate(() => void this.flushOutbox());
      this.outbox.push({ payload: JSON.stringify(valid), resolve, reject });
    });
  }

  private async flushOutbox(): Promise<void> {
    const batch = this.outbox;
    this.outbox = [];
    // Every call is sent before any reply is awaited: one connection keeps them in order,
    // before the calls of the next flush.
    const calls: Promise<void>[] = [];
    for (let start = 0; start < batch.length; start += EVENTS_PER_CALL) {
      calls.push(this.addEntries(batch.slice(start, start + EVENTS_PER_CALL)));
    }
    await Promise.all(calls);
  }

  private async addEntries(batch: readonly OutboxEntry[]): Promise<void> {
    try {
      const ids = await this.xaddEach(
        this.streamKey,
        this.options.bufferSize,
        ...batch.map(({ payload }) => payload),
      );
      batch.forEach(({ resolve, reject }, i) => {
        const id = Array.isArray(ids) ? ids[i] : undefined;
        if (typeof id === 'string') resolve(id);
        else reject(unavailable('the event bus is unavailable: XADD returned no id'));
      });
    } catch (error) {
      const failure = asUnavailable(error, 'the event bus', unavailable);
      for (const { reject } of batch) reject(failure);
    }
  }

  protected async replayAfter(id: string, filter: EventFilter): Promise<ReplayResult> {
    await ensureRedisReady(this.publisher, 'the event bus', COMMAND_TIMEOUT_MS, unavailable);
    try {
      const [oldest, after] = await Promise.all([
        this.publisher.xrange(this.streamKey, '-', '+', 'COUNT', 1),
        // No COUNT: MAXLEN ~ already bounds the stream (bufferSize plus at most one node).
        this.publisher.xrange(this.streamKey, `(${id}`, '+'),
      ]);
      const decoded = after.flatMap((entry) => this.decode(entry) ?? []);
      return replayFrom(decoded, oldest[0]?.[0], id, filter);
    } catch (error) {
      throw asUnavailable(error, 'the event bus', unavailable);
    }
  }

  isHealthy(): boolean {
    return !this.closed && this.publisher.status === 'ready';
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.subscribers.clear();
    this.stop();
    this.reader.disconnect();
    await this.loop;
    // Events published just before the close still go out.
    await this.flushOutbox();
    await closeRedis(this.publisher);
  }

  private async readLoop(markStarted: () => void): Promise<void> {
    const blockMs = this.options.blockMs ?? 5_000;
    let failures = 0;
    while (!this.closed) {
      try {
        if (this.lastId === undefined) {
          const newest = await this.untilStopped(this.reader.xrevrange(this.streamKey, '+', '-', 'COUNT', 1));
          if (newest === null) return;
          this.lastId = newest[0]?.[0] ?? '0-0';
          markStarted();
        }
        if (this.subscribers.empty) {
          await this.keepPlace();
          continue;
        }
        const reply = (await this.reader.xread(
          'COUNT',
          1_000,
          'BLOCK',
          blockMs,
          'STREAMS',
          this.streamKey,
          this.lastId,
        )) as [key: string, entries: StreamEntry[]][] | null;
        failures = 0;
        for (const entry of reply?.[0]?.[1] ?? []) {
          this.lastId = entry[0];
          // A process nobody listens to (a worker) only keeps its place in the stream.
          if (this.subscribers.empty) continue;
          const delivered = this.decode(entry);
          if (delivered) this.subscribers.deliver(delivered);
        }
      } catch (error) {
        if (this.closed) return;
        // The connection retries on its own; this only paces the loop while Redis is down.
        failures += 1;
        if (failures === 1) this.options.logger.warn({ err: error }, 'event bus read failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, Math.min(100 * failures, 1_000)));
      }
    }
  }

  /**
   * While no one in this process listens (a worker, an API no dashboard watches), the loop
   * does not read the entries (every event of every run, which Redis would serialise and this
   * process parse only to drop): it waits for a subscriber, or IDLE_POLL_MS, then moves its
   * place to the stream's end. The move is kept only if still no one listens when the reply
   * arrives: a subscriber that came first may be owed any of those entries, so the loop reads
   * from its old place instead. A new subscriber can therefore also receive events published
   * up to IDLE_POLL_MS before it subscribed, never miss one published after.
   */
  private async keepPlace(): Promise<void> {
    await Promise.race([this.nextSubscriber(), sleep(IDLE_POLL_MS), this.stopped]);
    if (this.closed || !this.subscribers.empty) return;
    const newest = await this.untilStopped(this.reader.xrevrange(this.streamKey, '+', '-', 'COUNT', 1));
    const newestId = newest?.[0]?.[0];
    if (newestId !== undefined && this.subscribers.empty) this.lastId = newestId;
  }

  override subscribe(filter: EventFilter, listener: EventListener): () => void {
    const unsubscribe = super.subscribe(filter, listener);
    const wake = this.wakeOnSubscribe;
    this.wakeOnSubscribe = undefined;
    wake?.();
    return unsubscribe;
  }

  private nextSubscriber(): Promise<void> {
    return new Promise((resolve) => {
      this.wakeOnSubscribe = resolve;
    });
  }

  private untilStopped<T>(command: Promise<T>): Promise<T | null> {
    return Promise.race([command, this.stopped]);
  }

  private decode([id, fields]: StreamEntry): DeliveredEvent | undefined {
    const at = fields.indexOf('e');
    const raw = at >= 0 ? fields[at + 1] : undefined;
    try {
      const parsed = busEventSchema.safeParse(JSON.parse(raw ?? 'null'));
      if (parsed.success) return { id, event: parsed.data };
      this.options.logger.warn(
        { event_id: id, issues: parsed.error.issues },
        'skipping an invalid bus event',
      );
    } catch (error) {
      this.options.logger.warn({ event_id: id, err: error }, 'skipping an unreadable bus event');
    }
    return undefined;
  }
}
