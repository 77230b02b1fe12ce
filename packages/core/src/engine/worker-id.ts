import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/** `host:pid:random`: unique per engine instance, readable in `runs.worker_id` and logs. */
export function newWorkerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}
