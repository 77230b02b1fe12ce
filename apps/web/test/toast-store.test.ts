import { afterEach, describe, expect, it, vi } from 'vitest';
import { createToastStore } from '@/lib/toast-store';

interface Toast {
  title: string;
  topic?: string;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('toast store', () => {
  it('gives React the same server snapshot every time (a new one per call loops and warns)', () => {
    const store = createToastStore<Toast>();
    expect(store.getServerSnapshot()).toBe(store.getServerSnapshot());
    expect(store.getServerSnapshot()).toEqual([]);
  });

  it('keeps the client snapshot stable until something changes', () => {
    const store = createToastStore<Toast>();
    const first = store.getSnapshot();
    expect(store.getSnapshot()).toBe(first);
    store.add({ title: 'saved' });
    const second = store.getSnapshot();
    expect(second).not.toBe(first);
    expect(store.getSnapshot()).toBe(second);
    expect(second.map((t) => [t.options.title, t.open])).toEqual([['saved', true]]);
  });

  it('keeps the newest five, tells subscribers, and drops a dismissed toast after its transition', () => {
    vi.useFakeTimers();
    const store = createToastStore<Toast>();
    const listener = vi.fn();
    const unsubscribe = store.subscribe(listener);
    for (let i = 1; i <= 7; i++) store.add({ title: String(i) });
    expect(store.getSnapshot().map((t) => t.options.title)).toEqual(['3', '4', '5', '6', '7']);
    expect(listener).toHaveBeenCalledTimes(7);
    const last = store.getSnapshot().at(-1)!;
    store.dismiss(last.id);
    expect(store.getSnapshot().at(-1)?.open).toBe(false);
    vi.advanceTimersByTime(300);
    expect(store.getSnapshot().map((t) => t.options.title)).toEqual(['3', '4', '5', '6']);
    unsubscribe();
    store.add({ title: '8' });
    expect(listener).toHaveBeenCalledTimes(9);
  });

  it('replaces an earlier toast of the same topic and closes a topic on request', () => {
    vi.useFakeTimers();
    const store = createToastStore<Toast>();
    store.add({ title: 'run 1 queued', topic: 'run-1' });
    store.add({ title: 'other' });
    store.add({ title: 'run 1 running', topic: 'run-1' });
    expect(store.getSnapshot().map((t) => t.options.title)).toEqual(['other', 'run 1 running']);
    store.dismissTopic('run-1');
    expect(store.getSnapshot().map((t) => [t.options.title, t.open])).toEqual([
      ['other', true],
      ['run 1 running', false],
    ]);
    vi.advanceTimersByTime(300);
    expect(store.getSnapshot().map((t) => t.options.title)).toEqual(['other']);
  });
});
