import { type CountedRequestContext, sendCountedJson } from './http-util.js';
import { SeededRandom } from './prng.js';

/**
 * The part of a mock's state that makes it reproducible: the seed, the generator drawn from
 * it, and the behaviour in force (the start behaviour, or it merged with a runtime override).
 * Both mocks' states are one.
 */
export class SeededState<Behaviour, Overrides> {
  behaviour: Behaviour;
  seed: number;
  rng: SeededRandom;

  constructor(
    private readonly startBehaviour: Behaviour,
    seed: number,
    private readonly merge: (start: Behaviour, overrides: Overrides) => Behaviour,
  ) {
    this.seed = seed;
    this.rng = new SeededRandom(seed);
    this.behaviour = startBehaviour;
  }

  /** Replaces the runtime behaviour with the start behaviour merged with `overrides`. */
  configure(overrides: Overrides): void {
    this.behaviour = this.merge(this.startBehaviour, overrides);
  }

  /** Re-seeds and restores the start behaviour. */
  protected reseed(seed: number): void {
    this.seed = seed;
    this.rng = new SeededRandom(seed);
    this.behaviour = this.startBehaviour;
  }
}

/** The seed a POST /__mock/reset asks for (the start seed when it names none); null when it is no seed. */
function resetSeed(body: unknown, startSeed: number): number | null {
  const given = typeof body === 'object' && body !== null ? (body as { seed?: unknown }).seed : undefined;
  const seed = given ?? startSeed;
  return typeof seed === 'number' && Number.isInteger(seed) && seed >= 0 && seed <= 4294967295 ? seed : null;
}

/**
 * POST /__mock/reset [{"seed": n}]: forget everything and re-seed (the start seed by default),
 * answering the seed now in use. A body whose seed is no seed is answered by `refuse`, in the
 * mock's own error shape, and changes nothing.
 */
export function handleMockReset(
  state: { reset(seed: number): void },
  ctx: CountedRequestContext,
  body: unknown,
  startSeed: number,
  refuse: () => void,
): void {
  const seed = resetSeed(body, startSeed);
  if (seed === null) {
    refuse();
    return;
  }
  state.reset(seed);
  sendCountedJson(ctx, 200, { seed });
}
