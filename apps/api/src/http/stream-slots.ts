/**
 * Caps on long-lived responses (the live-event streams): each holds a socket, a bus
 * subscription and a heartbeat timer for as long as the client likes, so one client opening
 * thousands would exhaust the process. A client (credential, or address without one) may hold
 * `perClient` at once and the process `total`; past them the request is refused before
 * anything is opened. Counted per API process.
 */
import { AppError } from '@tfbench/domain/errors';

export class TooManyStreamsError extends AppError {
  override readonly name = 'TooManyStreamsError';

  constructor(limit: number) {
    super(
      'TOO_MANY_STREAMS',
      429,
      `This client already has ${limit} live-event streams open, the most allowed; close one (another tab?) first.`,
      { details: { limit } },
    );
  }
}

export class StreamsFullError extends AppError {
  override readonly name = 'StreamsFullError';

  constructor(limit: number) {
    super(
      'STREAMS_FULL',
      503,
      `The server has ${limit} live-event streams open, the most it serves; retry later.`,
      { details: { limit } },
    );
  }
}

export class StreamSlots {
  private readonly byClient = new Map<string, number>();
  private open = 0;

  constructor(private readonly limits: { perClient: number; total: number }) {}

  /**
   * Take a slot for `client`, or throw TooManyStreamsError (429) / StreamsFullError (503).
   * A limit of 0 is no limit. Returns the release function; calling it twice releases once.
   */
  acquire(client: string): () => void {
    const held = this.byClient.get(client) ?? 0;
    const { perClient, total } = this.limits;
    if (perClient > 0 && held >= perClient) throw new TooManyStreamsError(perClient);
    if (total > 0 && this.open >= total) throw new StreamsFullError(total);
    this.byClient.set(client, held + 1);
    this.open++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.open--;
      const left = (this.byClient.get(client) ?? 1) - 1;
      if (left > 0) this.byClient.set(client, left);
      else this.byClient.delete(client);
    };
  }
}
