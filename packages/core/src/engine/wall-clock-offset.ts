/**
 * The wall clock minus the monotonic clock's epoch reading (timeOrigin + now), to a fraction
 * of a millisecond. The client's t0 is on the monotonic scale, a run's intended send time on
 * the wall clock (the database's, which the worker's timers follow); in a long-lived process
 * the two drift apart as the wall clock is corrected, so t0 is moved onto the wall clock
 * before it is compared.
 *
 * One reading is not enough: Date.now() is truncated to the millisecond, so it only bounds
 * the offset, `Date.now() − mono ≤ offset < Date.now() − mono + 1`, and the lower bound alone
 * places a send up to 1 ms (0.5 ms on average) before its true instant: one made exactly on
 * time would read as early. The estimate keeps the largest lower bound seen so far,
 * which closes in on the offset as readings land at different points of a millisecond, and
 * is pushed along by any bound it falls outside of, so a corrected wall clock moves it at once.
 */
export class WallClockOffset {
  private estimate = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly wallClock: () => number = Date.now,
    private readonly monotonicEpoch: () => number = () => performance.timeOrigin + performance.now(),
  ) {}

  /** The offset now, ms: add it to a monotonic epoch reading to place it on the wall clock. */
  read(): number {
    // The monotonic clock is read after the wall clock, so the bound can only be lower.
    const wall = this.wallClock();
    const low = wall - this.monotonicEpoch();
    this.estimate = Math.min(Math.max(this.estimate, low), low + 1);
    return this.estimate;
  }
}
