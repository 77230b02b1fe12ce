/**
 * One Server-Sent Events response written straight to node:http's ServerResponse: each
 * event leaves as soon as it is written (no buffering layer, Nagle off), with its `id:` so a
 * client can resume with Last-Event-ID, and a `: ping` comment every `heartbeatMs` so
 * proxies and load balancers never see an idle connection.
 *
 * A client that reads too slowly is disconnected once `maxBufferedBytes` are waiting for it,
 * rather than letting its backlog grow in our memory; it reconnects with its Last-Event-ID
 * and resumes from the replay buffer.
 */
import type { ServerResponse } from 'node:http';
import type { DeliveredEvent } from '@tfbench/core/events';

export interface SseStreamOptions {
  heartbeatMs: number;
  /** Reconnection delay suggested to clients (the `retry:` field). */
  retryMs: number;
  maxBufferedBytes: number;
}

export class SseStream {
  /** Events that arrived before the headers were written (the Last-Event-ID replay). */
  private early: string[] | undefined = [];
  private heartbeat: NodeJS.Timeout | undefined;
  private ended = false;
  private readonly closeListeners: (() => void)[] = [];

  constructor(
    private readonly res: ServerResponse,
    private readonly options: SseStreamOptions,
  ) {
    res.on('close', () => this.finish());
  }

  /** Queue (before `open`) or write one bus event. */
  send(delivered: DeliveredEvent): void {
    this.write(
      `id: ${delivered.id}\nevent: ${delivered.event.kind}\ndata: ${JSON.stringify(delivered.event)}\n\n`,
    );
  }

  /**
   * Write the headers and everything queued so far, and start the heartbeat.
   * `replayComplete` false means events after the client's Last-Event-ID may be missing (it is
   * older than the replay buffer): a `resync` event tells the client to reload from the API.
   */
  open(replayComplete: boolean): void {
    const { res } = this;
    // Long-lived: the server's idle-socket timeout must not cut the stream between heartbeats.
    res.socket?.setTimeout(0);
    res.socket?.setNoDelay(true);
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // nginx and similar proxies buffer responses unless told not to.
      'x-accel-buffering': 'no',
    });
    const early = this.early ?? [];
    this.early = undefined;
    let head = `retry: ${this.options.retryMs}\n: connected\n\n`;
    if (!replayComplete) {
      head += `event: resync\ndata: ${JSON.stringify({ reason: 'events since Last-Event-ID are no longer buffered; reload the current state' })}\n\n`;
    }
    this.write(head + early.join(''));
    this.heartbeat = setInterval(() => this.write(': ping\n\n'), this.options.heartbeatMs);
  }

  /** End the response (server shutting down). */
  end(): void {
    if (this.ended) return;
    this.res.end();
    this.finish();
  }

  /** Called once, when the stream ends for any reason. */
  onClose(listener: () => void): void {
    if (this.ended) listener();
    else this.closeListeners.push(listener);
  }

  private write(chunk: string): void {
    if (this.ended) return;
    if (this.early) {
      this.early.push(chunk);
      return;
    }
    if (this.res.writableLength > this.options.maxBufferedBytes) {
      this.res.destroy();
      this.finish();
      return;
    }
    this.res.write(chunk);
  }

  private finish(): void {
    if (this.ended) return;
    this.ended = true;
    clearInterval(this.heartbeat);
    for (const listener of this.closeListeners.splice(0)) listener();
  }
}
