/**
 * The mock TinyFish server the bench measures against: by default in a node process of its
 * own, so its timers and writes do not share the bench's event loop (a mock stalled by the
 * client's work would hide the client's lateness inside "true" times). Ground truth is read
 * over its HTTP interface in both placements.
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { type RunGroundTruth, startMockTinyFish } from '@tfbench/mock-tinyfish';
import { stopChild, waitForOutput } from './child-process.js';
import type { MockPlacement } from './client-args.js';
import { processCpuMs } from './process-cpu.js';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MOCK_MAIN = 'packages/mock-tinyfish/src/main.ts';
const START_TIMEOUT_MS = 30_000;

export interface MockServer {
  readonly url: string;
  /** For the report, e.g. "own process (pid 1234)". */
  readonly placement: string;
  /** Forget every run (between phases, so each phase's ground truth is its own). */
  reset(): Promise<void>;
  /** Ground truth of every run since the last reset (GET /__mock/ground-truth). */
  groundTruth(): Promise<RunGroundTruth[]>;
  /** CPU time the mock's process has used so far, ms; null when it is our own process. */
  cpuMs(): number | null;
  close(): Promise<void>;
}

export async function startMockServer(options: {
  placement: MockPlacement;
  seed: number;
  model: Record<string, unknown>;
}): Promise<MockServer> {
  if (options.placement === 'in-process') {
    const mock = await startMockTinyFish({
      seed: options.seed,
      model: options.model,
      maxStoredRuns: 1_000_000,
    });
    return withAdmin(
      mock.url,
      'in this process (shares the event loop)',
      () => null,
      () => mock.close(),
    );
  }
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      MOCK_MAIN,
      '--host',
      '127.0.0.1',
      '--port',
      '0',
      '--seed',
      String(options.seed),
      '--lenient',
      '--model',
      JSON.stringify(options.model),
      '--max-stored-runs',
      '1000000',
      '--grace-ms',
      '0',
    ],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  // Never leave the mock behind, whatever way the bench ends.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const listening = await waitForOutput(child, /listening on (http:\/\/\S+)/, {
    timeoutMs: START_TIMEOUT_MS,
    what: 'the mock',
  });
  const url = listening[1]!;
  const pid = child.pid as number;
  return withAdmin(
    url,
    `own process (pid ${pid})`,
    () => processCpuMs(pid),
    async () => {
      process.off('exit', killOnExit);
      await stopChild(child);
    },
  );
}

function withAdmin(
  url: string,
  placement: string,
  cpuMs: () => number | null,
  close: () => Promise<void>,
): MockServer {
  return {
    url,
    placement,
    reset: async () => {
      await adminRequest(url, 'POST', '/__mock/reset', '{}');
    },
    groundTruth: async () => {
      const text = await adminRequest(url, 'GET', '/__mock/ground-truth');
      return (JSON.parse(text) as { data: RunGroundTruth[] }).data;
    },
    cpuMs,
    close,
  };
}

/** One admin request on its own connection, outside the readers' connection pools. */
export function adminRequest(
  base: string,
  method: 'GET' | 'POST',
  path: string,
  body?: string,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      new URL(path, base),
      { method, agent: false, headers: body ? { 'content-type': 'application/json' } : {} },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode !== 200) reject(new Error(`${method} ${path}: HTTP ${res.statusCode} ${text}`));
          else resolve(text);
        });
        res.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}
