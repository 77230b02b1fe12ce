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

export interface ToastStore<T> {
  add(options: T): void;
  dismiss(id: number): void;
  subscribe(listener: () => void): () => void;
  getSnapshot(): ReadonlyArray<ToastEntry<T>>;
  /**
   * Always the same empty array: React compares server snapshots by identity, and a new array
   * per call makes it warn ("should be cached") and re-render in a loop.
   */
  getServerSnapshot(): ReadonlyArray<ToastEntry<T>>;
}

const NO_TOASTS: ReadonlyArray<never> = Object.freeze([]);

export function createToastStore<T>(): ToastStore<T> {
  let items: ReadonlyArray<ToastEntry<T>> = NO_TOASTS;
  let nextId = 1;
  const listeners = new Set<() => void>();
  const emit = () => {
    for (const listener of listeners) listener();
  };
  return {
    add(options) {
      items = [...items.slice(-(MAX_TOASTS - 1)), { id: nextId++, open: true, options }];
      emit();
    },
    dismiss(id) {
      items = items.map((t) => (t.id === id ? { ...t, open: false } : t));
      emit();
      setTimeout(() => {
        items = items.filter((t) => t.id !== id);
        emit();
      }, CLOSE_TRANSITION_MS);
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
