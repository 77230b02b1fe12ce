/** The per-run samples of a benchmark on a server, read from its JSON report. */
import type { ApiClient } from './api-client.js';
import { fromReport } from './sample-file.js';
import type { RunSamples } from './samples.js';

export async function benchmarkSamples(client: ApiClient, id: number): Promise<RunSamples> {
  const report = await client.request<Record<string, unknown>>('GET', `/benchmarks/${id}/report`);
  return fromReport(`the report of benchmark ${id}`, report);
}
