/** The event-bus bench's flags (bench/lib/bus-args.ts). Correctness only, never speed. */
import { describe, expect, it } from 'vitest';
import { parseBusBenchArgs } from '../bench/lib/bus-args.js';

describe('bench:bus flags', () => {
  it('defaults to 5 turns of 20,000 events in bursts of 40 on the local Redis', () => {
    expect(parseBusBenchArgs([])).toEqual({
      help: false,
      events: 20_000,
      burst: 40,
      repetitions: 5,
      redisUrl: 'redis://127.0.0.1:6379',
    });
  });

  it('takes every flag, in both forms', () => {
    expect(
      parseBusBenchArgs(['--events', '500', '--burst=1', '--repetitions', '2', '--redis-url', 'redis://h:1']),
    ).toMatchObject({ events: 500, burst: 1, repetitions: 2, redisUrl: 'redis://h:1' });
    expect(parseBusBenchArgs(['--help']).help).toBe(true);
  });

  it('says which flag is wrong and why', () => {
    expect(() => parseBusBenchArgs(['--events', '10'])).toThrow(/events/);
    expect(() => parseBusBenchArgs(['--burst', 'many'])).toThrow(/burst/);
    expect(() => parseBusBenchArgs(['--turns', '3'])).toThrow(/unknown option --turns/);
    expect(() => parseBusBenchArgs(['--redis-url', 'localhost:6379'])).toThrow(/--redis-url must be a URL/);
  });
});
