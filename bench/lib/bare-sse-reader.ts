/**
 * The baseline: the bare SSE reader (bare-sse.ts) on TinyFish's run stream, looking for
 * `"type":"PROGRESS"` in each frame and nothing more.
 */
import { bareAgent, readBareStream } from './bare-sse.js';
import { type MeasuredRun, type Reader, runBody } from './measured-run.js';

const PROGRESS_MARK = '"type":"PROGRESS"';

export function createBareSseReader(baseUrl: string): Reader {
  const agent = bareAgent();
  const url = new URL('/v1/automation/run-sse', baseUrl);
  return {
    name: 'baseline',
    run: async (seed): Promise<MeasuredRun> => {
      const arrivals: number[] = [];
      const progress: boolean[] = [];
      let ttftMs: number | null = null;
      const body = Buffer.from(JSON.stringify(runBody(seed)));
      const stream = await readBareStream(url, agent, body, (frame, at) => {
        const isProgress = frame.includes(PROGRESS_MARK);
        arrivals.push(at);
        progress.push(isProgress);
        if (isProgress && ttftMs === null) ttftMs = at;
      });
      return { seed, failure: stream.failure, t0EpochMs: stream.t0EpochMs, arrivals, progress, ttftMs };
    },
    close: async () => agent.destroy(),
  };
}
