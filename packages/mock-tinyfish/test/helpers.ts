import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { type MockTinyFish, startMockTinyFish } from '../src/index.js';
import { http, type OpenStream, openStream, type SseCapture } from '../src/testing/index.js';

export {
  type HttpResult,
  http,
  type ReceivedFrame,
  type SseCapture,
  waitFor,
  withLoopStall,
} from '../src/testing/index.js';

/** Opens a run-sse stream; `done` settles when the response ends or breaks, `abort()` hangs up. */
export function openSse(
  base: string,
  body: unknown,
  options: { headers?: Record<string, string>; separator?: string } = {},
): OpenStream {
  return openStream(`${base}/v1/automation/run-sse`, body, options);
}

/** The JSON of each `data:` frame (throws on anything that is not exactly one data line). */
export function framesJson(capture: SseCapture, lineEnd = '\n'): Record<string, unknown>[] {
  return capture.frames.map((f) => {
    if (!f.text.startsWith('data: ') || f.text.includes(lineEnd))
      throw new Error(`Not a single data line: ${f.text}`);
    return JSON.parse(f.text.slice('data: '.length)) as Record<string, unknown>;
  });
}

/** A fast, fully fixed model for tests: STARTED at 10 ms, URL at 20, 3 steps 20 ms apart, COMPLETE at 100. */
export const FAST_MODEL = {
  started_delay_ms: 10,
  streaming_url_delay_ms: 10,
  steps: 3,
  step_delay_ms: 20,
  heartbeat_interval_ms: 0,
  outcome: 'COMPLETED',
} as const;

/** The event types a FAST_MODEL run sends, in order. */
export const FAST_MODEL_EVENTS = ['STARTED', 'STREAMING_URL', 'PROGRESS', 'PROGRESS', 'PROGRESS', 'COMPLETE'];

export const VALID_BODY = { url: 'https://scrapeme.live/shop', goal: 'Extract the product names and prices' };

/** The fields of a synchronous run's answer; a run record carries these and more. */
export const SYNC_KEYS = [
  'run_id',
  'status',
  'started_at',
  'finished_at',
  'num_of_steps',
  'result',
  'schema_validation',
  'error',
].sort();
export const RUN_KEYS = [
  ...SYNC_KEYS,
  'goal',
  'created_at',
  'streaming_url',
  'browser_config',
  'video_url',
  'steps',
].sort();

export type Json = Record<string, unknown>;

/** Start an async run of VALID_BODY (with `extra` merged in) on the mock at `url`; its run id. */
export async function createAsync(url: string, extra: Json = {}): Promise<string> {
  const res = await http(url, 'POST', '/v1/automation/run-async', { body: { ...VALID_BODY, ...extra } });
  expect(res.status).toBe(200);
  return (res.json as Json).run_id as string;
}

/**
 * One strict mock (seed 3, FAST_MODEL) for a test file: started before its tests, reset
 * before each, closed after. Returns the getter of the running mock.
 */
export function useStrictMock(): () => MockTinyFish {
  let mock: MockTinyFish | undefined;
  beforeAll(async () => {
    mock = await startMockTinyFish({ seed: 3, strict: true, model: FAST_MODEL });
  });
  beforeEach(() => mock?.reset());
  afterAll(() => mock?.close());
  return () => mock as MockTinyFish;
}
