/** How an exchange fails before its response arrives, with what is known about the socket. */

/** Why an exchange failed before a response arrived. */
export type TransportFailure = 'connect_timeout' | 'headers_timeout' | 'network' | 'aborted';

export class TransportError extends Error {
  override readonly name = 'TransportError';

  constructor(
    readonly kind: TransportFailure,
    /** The system error for `network` failures. */
    override readonly cause: unknown,
    /** Whether a connection had been established (so the request may have been sent). */
    readonly connected: boolean,
    /** Whether the request went out on a pooled keep-alive socket (node's `request.reusedSocket`). */
    readonly reusedSocket = false,
    /** Whether any byte of a response had arrived on the socket for this request. */
    readonly responseBytes = false,
    /** ms from the socket being given to the request (it is written at once) to the failure. */
    readonly sinceSocketMs: number | null = null,
  ) {
    super(kind === 'network' ? `network error: ${(cause as Error | undefined)?.message ?? 'unknown'}` : kind);
  }

  /** The system error code (ECONNREFUSED, ECONNRESET, ...), if any. */
  get causeCode(): string | null {
    const code = (this.cause as NodeJS.ErrnoException | undefined)?.code;
    return typeof code === 'string' ? code : null;
  }
}
