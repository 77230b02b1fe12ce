/**
 * The mock OpenAI-compatible server as its own process:
 *   npx tsx packages/mock-openai/src/main.ts --port 8788 --seed 1
 * The environment is read here and only here, then passed in as plain options.
 */
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

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    // A second signal means "now": skip the grace period.
    if (stopping) process.exit(1);
    stopping = true;
    process.stdout.write(`mock-openai: ${signal}, closing (grace ${request.graceMs} ms)\n`);
    mock.close({ graceMs: request.graceMs }).then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`mock-openai: close failed: ${String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`mock-openai: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
