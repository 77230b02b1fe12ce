/**
 * The mock TinyFish server as its own process:
 *   npx tsx packages/mock-tinyfish/src/main.ts --port 8787 --seed 1 --strict
 * The environment is read here and only here, then passed in as plain options.
 */
import { readFileSync } from 'node:fs';
import { parseCliArgs, USAGE } from './cli-args.js';
import { isPlainObject } from './issues.js';
import { closeOnSignals, runMockProcess } from './mock-process.js';
import { startMockTinyFish } from './server.js';

async function main(): Promise<void> {
  const request = parseCliArgs(process.argv.slice(2), process.env);
  if (request.help) {
    process.stdout.write(USAGE);
    return;
  }
  const options = request.options;
  if (request.modelFile) {
    const fromFile: unknown = JSON.parse(readFileSync(request.modelFile, 'utf8'));
    if (!isPlainObject(fromFile)) throw new Error(`${request.modelFile} must hold a JSON object`);
    options.model = { ...fromFile, ...(options.model ?? {}) };
  }
  const mock = await startMockTinyFish(options);
  const mode = options.strict ? 'strict' : 'lenient';
  const auth = options.apiKey ? ', X-API-Key required' : '';
  process.stdout.write(`mock-tinyfish listening on ${mock.url} (seed ${mock.seed}, ${mode}${auth})\n`);

  closeOnSignals('mock-tinyfish', mock, request.graceMs);
}

runMockProcess('mock-tinyfish', main);
