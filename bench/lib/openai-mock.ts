/**
 * The mock OpenAI server the OpenAI bench measures against, in a node process of its own
 * (`npm run mock:openai`'s entry; see mock-process.ts for why).
 */
import type { RequestGroundTruth } from '@tfbench/mock-openai';
import { type BenchMock, mockAdmin, spawnMockProcess } from './mock-process.js';

export interface OpenAIMockProcess extends BenchMock<RequestGroundTruth> {
  /** What OpenAI clients take as base URL (ends in /v1). */
  readonly baseURL: string;
  readonly pid: number;
}

export async function startOpenAIMockProcess(options: {
  seed: number;
  behaviour: Record<string, unknown>;
}): Promise<OpenAIMockProcess> {
  const args = ['--seed', String(options.seed), '--behaviour', JSON.stringify(options.behaviour)];
  const child = await spawnMockProcess(
    'packages/mock-openai/src/main.ts',
    [...args, '--max-stored-requests', '100000'],
    'the mock OpenAI server',
  );
  return {
    ...mockAdmin<RequestGroundTruth>(new URL(child.url).origin),
    baseURL: child.url,
    pid: child.pid,
    cpuMs: child.cpuMs,
    close: child.close,
  };
}
