/**
 * The least a node:http SSE reader can do and still time a stream: POST, split the body on
 * blank lines, and hand each completed frame over with the arrival time of its chunk (no
 * JSON parsing, no timers, no retries). Same transport settings as the clients' agent, so
 * the difference between a client and this is the client's own work per event and per run.
 */
import http, { type IncomingHttpHeaders } from 'node:http';
import { performance } from 'node:perf_hooks';

/** A keep-alive agent with the clients' pool settings. */
export function bareAgent(): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets: 1024, maxFreeSockets: 256, scheduling: 'lifo' });
}

export interface BareStream {
  failure: string | null;
  t0EpochMs: number;
  /** The response's headers, once they came. */
  headers: IncomingHttpHeaders | null;
}

/** POST `body` and read the event stream; `onFrame` gets each frame's text and arrival (ms after t0). */
export function readBareStream(
  url: URL,
  agent: http.Agent,
  body: Buffer,
  onFrame: (frame: string, at: number) => void,
): Promise<BareStream> {
  return new Promise((resolve) => {
    let headers: IncomingHttpHeaders | null = null;
    let buffered = '';
    let settled = false;
    const t0 = performance.now();
    const done = (failure: string | null): void => {
      if (settled) return;
      settled = true;
      resolve({ failure, t0EpochMs: performance.timeOrigin + t0, headers });
    };
    const request = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          accept: 'text/event-stream',
          'content-length': String(body.length),
        },
      },
      (res) => {
        headers = res.headers;
        if (res.statusCode !== 200) {
          res.resume();
          done(`HTTP ${res.statusCode}`);
          return;
        }
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          const at = performance.now() - t0;
          buffered += chunk;
          let end = buffered.indexOf('\n\n');
          while (end !== -1) {
            onFrame(buffered.slice(0, end), at);
            buffered = buffered.slice(end + 2);
            end = buffered.indexOf('\n\n');
          }
        });
        res.on('end', () => done(null));
        res.on('error', (error) => done(`stream error: ${error.message}`));
      },
    );
    request.on('error', (error) => done(`request error: ${error.message}`));
    request.end(body);
  });
}
