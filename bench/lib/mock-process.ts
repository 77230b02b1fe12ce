/**
 * A mock server in a node process of its own, so its timers and writes never share the
 * bench's event loop (a mock stalled by the client's work would hide the client's lateness
 * inside "true" times), and the admin interface both mocks share (reset, ground truth).
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { stopChild, waitForOutput } from './child-process.js';
import { processCpuMs } from './process-cpu.js';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const START_TIMEOUT_MS = 30_000;

/** A mock's admin interface: every request on its own connection, outside the readers' pools. */
export interface MockAdmin<Truth> {
  /** Forget every run (between phases, so each phase's ground truth is its own). */
  reset(): Promise<void>;
  /** Ground truth of everything since the last reset (GET /__mock/ground-truth). */
  groundTruth(): Promise<Truth[]>;
}

/** A started mock as a bench uses it: its admin interface, its CPU time, and how to stop it. */
export interface BenchMock<Truth> extends MockAdmin<Truth> {
  /** CPU time the mock's process has used so far, ms; null when it is our own process. */
  cpuMs(): number | null;
  close(): Promise<void>;
}

export interface MockProcess {
  /** What the mock printed as its address. */
  readonly url: string;
  readonly pid: number;
  /** CPU time the mock's process has used so far, ms. */
  cpuMs(): number | null;
  close(): Promise<void>;
}

/**
 * Start `main` (a mock's CLI entry) on a free loopback port with `args` after the address,
 * and wait until it says where it listens.
 */
export async function spawnMockProcess(main: string, args: string[], what: string): Promise<MockProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', main, '--host', '127.0.0.1', '--port', '0', ...args, '--grace-ms', '0'],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  // Never leave the mock behind, whatever way the bench ends.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const listening = await waitForOutput(child, /listening on (http:\/\/\S+)/, {
    timeoutMs: START_TIMEOUT_MS,
    what,
  });
  const pid = child.pid as number;
  return {
    url: listening[1]!,
    pid,
    cpuMs: () => processCpuMs(pid),
    close: async () => {
      process.off('exit', killOnExit);
      await stopChild(child);
    },
  };
}

export function mockAdmin<Truth>(origin: string): MockAdmin<Truth> {
  return {
    reset: async () => {
      await adminRequest(origin, 'POST', '/__mock/reset', '{}');
    },
    groundTruth: async () => {
      const text = await adminRequest(origin, 'GET', '/__mock/ground-truth');
      return (JSON.parse(text) as { data: Truth[] }).data;
    },
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
