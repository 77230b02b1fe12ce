/**
 * The mock OpenAI-compatible server as its own process:
 *   npx tsx packages/mock-openai/src/main.ts --port 8788 --seed 1
 * The environment is read here and only here, then passed in as plain options.
 */
import { closeOnSignals, runMockProcess } from '@tfbench/mock-tinyfish';
import { parseCliArgs, USAGE } from './cli-args.js';
import { startMockOpenAI } from './server.js';

async function main(): Promise<void> {
  const request = parseCliArgs(process.argv.slice(2), process.env);
  if (request.help) {
    process.stdout.write(USAGE);
    return;
  }
  const mock = await startMockOpenAI(request.options);
  const auth = request.options.apiKey ? ', API key required' : '';
  process.stdout.write(`mock-openai listening on ${mock.baseURL} (seed ${mock.seed}${auth})\n`);

  closeOnSignals('mock-openai', mock, request.graceMs);
}

runMockProcess('mock-openai', main);
