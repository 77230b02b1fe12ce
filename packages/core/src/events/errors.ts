import { ServiceUnavailableError } from '@tfbench/domain/errors';

/** Redis is unreachable or the bus is closed: the event was not published. */
export class EventBusUnavailableError extends ServiceUnavailableError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, undefined, options.cause);
  }
}
