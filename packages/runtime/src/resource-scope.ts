/**
 * Each resource registers its own `close()` the moment it is opened, and the scope closes
 * them in reverse order of opening: what was opened last (and depends on the rest) stops
 * first. No hand-kept list of things to stop at shutdown, so a new resource cannot be
 * forgotten there.
 */
import type { Logger } from '@tfbench/core/queue';

interface Registered {
  name: string;
  close: () => Promise<unknown>;
}

export class ResourceScope {
  private readonly resources: Registered[] = [];
  private closing: Promise<void> | undefined;

  constructor(private readonly logger: Logger) {}

  /** Register `resource` under `name` and return it, so opening and registering read as one step. */
  adopt<T>(name: string, resource: T, close: (resource: T) => Promise<unknown>): T {
    if (this.closing) throw new Error(`cannot open ${name}: the process is shutting down`);
    this.resources.push({ name, close: () => close(resource) });
    return resource;
  }

  /** Close everything, newest first. A failing close is logged and the rest still close. Idempotent. */
  close(): Promise<void> {
    this.closing ??= this.closeAll();
    return this.closing;
  }

  private async closeAll(): Promise<void> {
    for (const { name, close } of this.resources.splice(0).reverse()) {
      try {
        await close();
        this.logger.debug({ resource: name }, 'closed');
      } catch (error) {
        this.logger.error({ resource: name, err: error }, 'closing failed');
      }
    }
  }
}
