/**
 * The toasts raised with `toast()` and not yet dropped: a tiny module-level store, so any event
 * handler can raise a toast without a hook. `Toaster` reads it with useSyncExternalStore.
 */

export interface ToastEntry<T> {
  id: number;
  open: boolean;
  options: T;
}

/** Toasts kept at once; older ones are dropped when a new one arrives. */
const MAX_TOASTS = 5;
/** How long a dismissed toast stays mounted for its close transition, ms. */
const CLOSE_TRANSITION_MS = 300;

/** What the store needs of a toast's options: an optional topic (see `add`). */
export interface Topical {
  topic?: string;
}

export interface ToastStore<T extends Topical> {
  /** Shows a toast; one with the same `topic` as an earlier one replaces it. */
  add(options: T): void;
  dismiss(id: number): void;
  /** Closes the open toasts raised with `topic`, e.g. a run's "queued" toast once it finished. */
  dismissTopic(topic: string): void;
  subscribe(listener: () => void): () => void;
  getSnapshot(): ReadonlyArray<ToastEntry<T>>;
  /**
   * Always the same empty array: React compares server snapshots by identity, and a new array
   * per call makes it warn ("should be cached") and re-render in a loop.
   */
  getServerSnapshot(): ReadonlyArray<ToastEntry<T>>;
}

const NO_TOASTS: ReadonlyArray<never> = Object.freeze([]);

export function createToastStore<T extends Topical>(): ToastStore<T> {
  let items: ReadonlyArray<ToastEntry<T>> = NO_TOASTS;
  let nextId = 1;
  const listeners = new Set<() => void>();
  const emit = () => {
    for (const listener of listeners) listener();
  };
  function dismiss(id: number): void {
    items = items.map((t) => (t.id === id ? { ...t, open: false } : t));
    emit();
    setTimeout(() => {
      items = items.filter((t) => t.id !== id);
      emit();
    }, CLOSE_TRANSITION_MS);
  }
  return {
    add(options) {
      const kept =
        options.topic === undefined ? items : items.filter((t) => t.options.topic !== options.topic);
      items = [...kept.slice(-(MAX_TOASTS - 1)), { id: nextId++, open: true, options }];
      emit();
    },
    dismiss,
    dismissTopic(topic) {
      for (const t of items) if (t.options.topic === topic && t.open) dismiss(t.id);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    getSnapshot: () => items,
    getServerSnapshot: () => NO_TOASTS,
  };
}
