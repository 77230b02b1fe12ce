/**
 * The mock OpenAI server the OpenAI bench measures against, in a node process of its own
 * (`npm run mock:openai`'s entry), so its timers and writes never share the bench's event
 * loop: a mock stalled by the readers' work would hide their lateness inside "true" times.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { RequestGroundTruth } from '@tfbench/mock-openai';
import { stopChild, waitForOutput } from './child-process.js';
import { adminRequest } from './mock-server.js';
import { processCpuMs } from './process-cpu.js';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MOCK_MAIN = 'packages/mock-openai/src/main.ts';
const START_TIMEOUT_MS = 30_000;

export interface OpenAIMockProcess {
  /** What OpenAI clients take as base URL (ends in /v1). */
  readonly baseURL: string;
  readonly pid: number;
  /** Forget every request, so each phase's ground truth is its own. */
  reset(): Promise<void>;
  groundTruth(): Promise<RequestGroundTruth[]>;
  /** CPU time the mock's process has used so far, ms. */
  cpuMs(): number | null;
  close(): Promise<void>;
}

export async function startOpenAIMockProcess(options: {
  seed: number;
  behaviour: Record<string, unknown>;
}): Promise<OpenAIMockProcess> {
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
      '--behaviour',
      JSON.stringify(options.behaviour),
      '--max-stored-requests',
      '100000',
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
    what: 'the mock OpenAI server',
  });
  const baseURL = listening[1]!;
  const origin = new URL(baseURL).origin;
  const pid = child.pid as number;
  return {
    baseURL,
    pid,
    reset: async () => {
      await adminRequest(origin, 'POST', '/__mock/reset', '{}');
    },
    groundTruth: async () => {
      const text = await adminRequest(origin, 'GET', '/__mock/ground-truth');
      return (JSON.parse(text) as { data: RequestGroundTruth[] }).data;
    },
    cpuMs: () => processCpuMs(pid),
    close: async () => {
      process.off('exit', killOnExit);
      await stopChild(child);
    },
  };
}
