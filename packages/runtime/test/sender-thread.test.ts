/**
 * The sender thread: runs executed on it give what the provider gives on the main thread
 * (events, identity, outcome, a t0 on the main thread's scale), wait for their send instant
 * there, are aborted from the main thread, end when the thread closes, and fail with a clear
 * error when it dies, after which a new thread takes the later runs.
 */
import type { Worker } from 'node:worker_threads';
import type {
  ExecuteRequest,
  Provider,
  RunOutcome,
  TimedEvent,
  UpstreamIdentity,
} from '@tfbench/domain/provider';
import { type MockTinyFish, startMockTinyFish } from '@tfbench/mock-tinyfish';
import { createTinyFishProvider } from '@tfbench/tinyfish';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { SENDER_THREAD_YOUNG_GENERATION_MB, spawnSenderThread } from '../src/sender-thread/spawn-thread.js';
import {
  openSenderThread,
  SENDER_THREAD_EXITED,
  type SenderThread,
} from '../src/sender-thread/threaded-providers.js';
import { FAST_MODEL, startTinyStream, testConfig } from './helpers.js';

const INPUTS = { url: 'https://example.com', goal: 'Find the price' };
/** A run that streams for about 4 s: long enough to act on while it is in flight. */
const SLOW_MODEL = { ...FAST_MODEL, steps: 40, step_delay_ms: 100 };

describe('the sender thread', () => {
  let mock: MockTinyFish;
  let stream: Awaited<ReturnType<typeof startTinyStream>>;
  let local: ReturnType<typeof createTinyFishProvider>;
  /** Every Worker the threads under test started, in order. */
  const workers: Worker[] = [];

  beforeAll(async () => {
    mock = await startMockTinyFish({ seed: 7, model: FAST_MODEL });
    stream = await startTinyStream();
    local = createTinyFishProvider({ baseUrl: mock.url, mock: true, eventLoopSampler: null });
  });
  afterAll(async () => {
    await local.close();
    await stream.close();
    await mock.close();
  });

  /** A thread in mock mode whose clients go to this test's mocks, as createRuntime opens it. */
  async function openThread(): Promise<SenderThread> {
    const settings = {
      config: testConfig(),
      runningMocks: { tinyfish: mock.url, openai: stream.baseUrl },
      logLevel: 'silent',
    };
    const thread = await openSenderThread(settings, pino({ level: 'silent' }), {
      spawn: (given) => {
        const worker = spawnSenderThread(given);
        workers.push(worker);
        return worker;
      },
    });
    onTestFinished(() => thread.close());
    return thread;
  }

  async function execute(
    provider: { execute(request: ExecuteRequest): Promise<RunOutcome> },
    request: Omit<ExecuteRequest, 'onEvent' | 'onUpstreamIdentity'>,
  ) {
    const events: TimedEvent[] = [];
    const identities: UpstreamIdentity[] = [];
    const outcome = await provider.execute({
      ...request,
      onEvent: (event) => events.push(event),
      onUpstreamIdentity: (identity) => identities.push(identity),
    });
    return { outcome, events, identities };
  }

  /** A slow run, once its first step has arrived: its outcome, still to come. */
  async function slowRunUnderWay(provider: Provider): Promise<{ outcome: Promise<RunOutcome> }> {
    let progressed!: () => void;
    const underWay = new Promise<void>((resolve) => {
      progressed = resolve;
    });
    const outcome = provider.execute({
      inputs: { ...INPUTS, mock: SLOW_MODEL },
      onEvent: (event) => {
        if (event.type === 'PROGRESS') progressed();
      },
    });
    await underWay;
    return { outcome };
  }

  it('executes a run as the provider does on the main thread, with t0 on the main thread’s scale', async () => {
    const thread = await openThread();
    const threaded = thread.wrap(local);
    expect({ id: threaded.id, modes: threaded.modes }).toEqual({ id: local.id, modes: local.modes });
    const request = { inputs: { ...INPUTS, mock: FAST_MODEL } };
    const direct = await execute(local, request);
    const sent = await execute(threaded, request);

    expect(sent.outcome.status).toBe('completed');
    // Its own young generation, larger than V8's default, so that its collections are rare.
    expect(workers.at(-1)?.resourceLimits?.maxYoungGenerationSizeMb).toBe(SENDER_THREAD_YOUNG_GENERATION_MB);
    const shape = (run: typeof direct) => ({
      status: run.outcome.status,
      mode: run.outcome.mode,
      provider: run.outcome.provider,
      // The mock's answer itself is drawn per run; its shape is not.
      result_keys: Object.keys(run.outcome.result as object).sort(),
      attempts: run.outcome.attempts.length,
      event_count: run.outcome.event_count,
      events: run.events.map(({ seq, type, source }) => ({ seq, type, source })),
      identity_keys: run.identities.flatMap((identity) => Object.keys(identity)).sort(),
    });
    expect(shape(sent)).toEqual(shape(direct));
    expect(sent.identities[0]?.upstream_run_id).toBe(sent.outcome.upstream_run_id);
    expect(sent.outcome.metrics.ttft_ms).toBeGreaterThan(0);

    // The mock stamps the request's arrival on this thread's monotonic epoch scale.
    const truth = mock.groundTruth(sent.outcome.upstream_run_id!);
    const t0 = sent.outcome.t0_epoch_ms!;
    expect(truth!.received_epoch_ms).toBeGreaterThanOrEqual(t0 - 1);
    expect(truth!.received_epoch_ms - t0).toBeLessThan(200);

    // The OpenAI-compatible client runs there too, against its mock-mode URL.
    const openai = thread.wrap({ ...local, id: 'openai', modes: ['stream', 'non-stream'] });
    const before = stream.requests();
    const answer = await execute(openai, { inputs: { model: 'm', prompt: 'hi' } });
    expect(answer.outcome.status).toBe('completed');
    expect(stream.requests()).toBe(before + 1);
  });

  it('writes the request at its send instant, never before', async () => {
    const thread = await openThread();
    const threaded = thread.wrap(local);
    for (const aheadMs of [150, 400]) {
      const sendAt = Date.now() + aheadMs;
      const { outcome } = await execute(threaded, { inputs: { ...INPUTS, mock: FAST_MODEL }, sendAt });
      expect(outcome.status).toBe('completed');
      const truth = mock.groundTruth(outcome.upstream_run_id!)!;
      // Epoch scales of the monotonic and the wall clock may differ by a millisecond.
      expect(outcome.t0_epoch_ms!).toBeGreaterThanOrEqual(sendAt - 1);
      expect(truth.received_epoch_ms).toBeGreaterThanOrEqual(sendAt - 1);
      // A tolerance for a loaded machine, not a precision claim.
      expect(outcome.t0_epoch_ms! - sendAt).toBeLessThan(100);
    }
  });

  it('forwards an abort: before the send nothing is sent, in flight the run is cancelled upstream', async () => {
    const thread = await openThread();
    const threaded = thread.wrap(local);
    const created = mock.stats().runs_created;
    const early = new AbortController();
    setTimeout(() => early.abort(), 50);
    const waiting = await execute(threaded, {
      inputs: { ...INPUTS, mock: FAST_MODEL },
      sendAt: Date.now() + 5_000,
      signal: early.signal,
    });
    expect(waiting.outcome).toMatchObject({ status: 'cancelled', t0_epoch_ms: null, attempts: [] });
    expect(mock.stats().runs_created).toBe(created);

    const controller = new AbortController();
    const running = threaded.execute({
      inputs: { ...INPUTS, mock: SLOW_MODEL },
      signal: controller.signal,
      onEvent: (event) => {
        if (event.type === 'PROGRESS') controller.abort();
      },
    });
    const outcome = await running;
    expect(outcome.status).toBe('cancelled');
    expect(outcome.error?.code).toBe('CANCELLED');
    expect(mock.groundTruth(outcome.upstream_run_id!)?.status).toBe('CANCELLED');
  });

  it('fails the runs in flight when the thread dies, and runs later ones on a new thread', async () => {
    const thread = await openThread();
    const threaded = thread.wrap(local);
    const first = workers.at(-1)!;
    const inFlight = await slowRunUnderWay(threaded);
    await first.terminate();
    const lost = await inFlight.outcome;
    expect(lost.status).toBe('failed');
    expect(lost.error).toMatchObject({ code: SENDER_THREAD_EXITED });
    expect(lost.error?.message).toMatch(/sender thread exited/);
    // What it had learned is kept, so the run can be found upstream.
    expect(lost.upstream_run_id).toMatch(/.+/);

    const later = await execute(threaded, { inputs: { ...INPUTS, mock: FAST_MODEL } });
    expect(later.outcome.status).toBe('completed');
    expect(workers.at(-1)).not.toBe(first);
  });

  it('ends with close(): runs in flight end cancelled, and the thread exits', async () => {
    const thread = await openThread();
    const threaded = thread.wrap(local);
    const worker = workers.at(-1)!;
    const exited = new Promise<number>((resolve) => worker.once('exit', resolve));
    const inFlight = await slowRunUnderWay(threaded);
    await thread.close();
    expect(await exited).toBe(0);
    const outcome = await inFlight.outcome;
    expect(outcome.status).toBe('cancelled');
    expect(mock.groundTruth(outcome.upstream_run_id!)?.status).toBe('CANCELLED');
    // Closed for good: later runs fail at once instead of starting a thread.
    const after = await threaded.execute({ inputs: { ...INPUTS, mock: FAST_MODEL } });
    expect(after.error).toMatchObject({ code: SENDER_THREAD_EXITED });
    expect(workers.at(-1)).toBe(worker);
  });
});
