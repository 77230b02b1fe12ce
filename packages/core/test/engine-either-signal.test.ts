/** A run's stop switch: its own signal or its job's, without leaving anything on the job's. */
import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { eitherSignal } from '../src/engine/either-signal.js';

describe('eitherSignal', () => {
  it('is the run signal itself when there is no job signal', () => {
    const own = new AbortController();
    expect(eitherSignal(own.signal, undefined).signal).toBe(own.signal);
  });

  it('aborts with the reason of whichever source aborts first', () => {
    const own = new AbortController();
    const job = new AbortController();
    const stop = eitherSignal(own.signal, job.signal);
    expect(stop.signal.aborted).toBe(false);
    job.abort(new Error('worker stopping'));
    expect(stop.signal.aborted).toBe(true);
    expect((stop.signal.reason as Error).message).toBe('worker stopping');
    own.abort(new Error('cancelled later'));
    expect((stop.signal.reason as Error).message).toBe('worker stopping');

    const own2 = new AbortController();
    const job2 = new AbortController();
    const stop2 = eitherSignal(own2.signal, job2.signal);
    own2.abort('cancel requested');
    expect(stop2.signal.reason).toBe('cancel requested');
  });

  it('starts aborted when a source already is', () => {
    const job = new AbortController();
    job.abort('deadline');
    const stop = eitherSignal(new AbortController().signal, job.signal);
    expect(stop.signal.aborted).toBe(true);
    expect(stop.signal.reason).toBe('deadline');
  });

  it('leaves no listener on either source once released or aborted', () => {
    const job = new AbortController();
    for (let i = 0; i < 1_000; i++) {
      const own = new AbortController();
      const stop = eitherSignal(own.signal, job.signal);
      if (i % 2 === 0) stop.release();
      else own.abort();
      stop.release();
      expect(getEventListeners(own.signal, 'abort')).toHaveLength(0);
    }
    // The job's signal outlives every run of its chain: nothing of theirs may stay on it.
    expect(getEventListeners(job.signal, 'abort')).toHaveLength(0);
  });

  it('no longer follows its sources after release', () => {
    const own = new AbortController();
    const job = new AbortController();
    const stop = eitherSignal(own.signal, job.signal);
    stop.release();
    job.abort();
    expect(stop.signal.aborted).toBe(false);
  });
});
