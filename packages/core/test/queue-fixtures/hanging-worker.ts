/**
 * A worker process for the crash test: takes `test.echo` jobs, prints "started <id> attempt
 * <n>" and never finishes, until the test SIGKILLs it.
 * argv: redisUrl prefix locksJson
 */
import { createQueue } from '../../src/queue/index.js';
import { testCatalogue } from '../queue-test-catalogue.js';

const [redisUrl, prefix, locksJson] = process.argv.slice(2);
if (!redisUrl || !prefix || !locksJson)
  throw new Error('usage: hanging-worker.ts <redisUrl> <prefix> <locksJson>');
const locks = JSON.parse(locksJson) as { lockDurationMs: number; stalledIntervalMs: number };

const queue = createQueue({ redisUrl, prefix, catalogue: testCatalogue, ...locks });
queue.process('test.echo', async (_payload, context) => {
  process.stdout.write(`started ${context.jobId} attempt ${context.attempt}\n`);
  await new Promise(() => {});
});
