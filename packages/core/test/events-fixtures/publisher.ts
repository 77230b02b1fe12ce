/**
 * A separate process for the cross-process test: publishes `count` run.event events for run
 * `runId` on the bus with `prefix`, prints their ids as one JSON line, and exits.
 * argv: redisUrl prefix runId count
 */
import { createEventBus } from '../../src/events/index.js';

const [redisUrl, prefix, runId, count] = process.argv.slice(2);
if (!redisUrl || !prefix || !runId || !count)
  throw new Error('usage: publisher.ts <redisUrl> <prefix> <runId> <count>');

const bus = await createEventBus({ redisUrl, prefix });
const ids: string[] = [];
for (let seq = 0; seq < Number(count); seq++) {
  ids.push(
    await bus.publish({
      kind: 'run.event',
      run_id: Number(runId),
      scenario_id: 1,
      benchmark_id: null,
      seq,
      type: 'PROGRESS',
      at_ms: seq * 10,
      purpose: `from process ${process.pid}`,
    }),
  );
}
process.stdout.write(`${JSON.stringify(ids)}\n`);
await bus.close();
