/**
 * The baseline: the least a node:http SSE reader can do and still time a run. POST, split
 * the body on blank lines, stamp each completed frame with the arrival time of its chunk,
 * look for `"type":"PROGRESS"` and nothing more (no JSON parsing, no timers, no retries).
 * Same transport settings as the client's agent, so the difference between the two is the
 * client's own work per event and per run.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { type MeasuredRun, type Reader, runBody } from './measured-run.js';

const PROGRESS_MARK = '"type":"PROGRESS"';

export function createBareSseReader(baseUrl: string): Reader {
  const agent = new http.Agent({
    keepAlive: true,
    maxSockets: 1024,
    maxFreeSockets: 256,
    scheduling: 'lifo',
  });
  const url = new URL('/v1/automation/run-sse', baseUrl);
  return {
    name: 'baseline',
    run: (seed) => readOne(url, agent, seed),
    close: async () => agent.destroy(),
  };
}

function readOne(url: URL, agent: http.Agent, seed: number): Promise<MeasuredRun> {
  const body = Buffer.from(JSON.stringify(runBody(seed)));
  return new Promise((resolve) => {
    const arrivals: number[] = [];
    const progress: boolean[] = [];
    let ttftMs: number | null = null;
    let buffered = '';
    let settled = false;
    const t0 = performance.now();
    const done = (failure: string | null): void => {
      if (settled) return;
      settled = true;
      resolve({ seed, failure, t0EpochMs: performance.timeOrigin + t0, arrivals, progress, ttftMs });
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
            const isProgress = buffered.slice(0, end).includes(PROGRESS_MARK);
            buffered = buffered.slice(end + 2);
            arrivals.push(at);
            progress.push(isProgress);
            if (isProgress && ttftMs === null) ttftMs = at;
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
