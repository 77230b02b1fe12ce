/** How an exchange's owner tells it to stop. */

/** Told once when the exchange's owner stops; see {@link StopSwitch}. */
export interface StopObserver {
  runStopped(): void;
}

/**
 * A stop switch lighter than an AbortSignal: observers are plain objects called once, no
 * EventTarget and no event objects. The run's context is one.
 */
export interface StopSwitch {
  readonly stopped: boolean;
  subscribe(observer: StopObserver): void;
  unsubscribe(observer: StopObserver): void;
}
