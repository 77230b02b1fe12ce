/**
 * `tfbench runs tail`: follow a server's live events and print one line per run status
 * change (time, run, scenario, status, latency, error code), or one JSON object per line with
 * --json. A finished run's latency is read from the run itself (the event carries none).
 * Ctrl-C ends it with exit 0: stopping is how a tail ends.
 */
import { ApiClient } from './api-client.js';
import { parseCommandLine, serverUrl } from './command-line.js';
import { EXIT, UsageError } from './errors.js';
import { followEvents } from './event-stream.js';
import { ms } from './format.js';
import { RUNS_HELP, RUNS_TAIL_HELP } from './help.js';
import type { CliIo } from './io.js';
import { type Paint, paintFor } from './render-table.js';

/** What a run.status event says (GET /api/v1/events). */
interface RunStatusEvent {
  kind: 'run.status';
  run_id: number;
  scenario_id: number;
  benchmark_id: number | null;
  status: string;
  error_code?: string | null;
  at: string;
}

const FINISHED = new Set(['completed', 'failed', 'cancelled', 'timeout']);

export async function runsCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '-h' || sub === '--help') {
    (sub === undefined ? io.stderr : io.stdout).write(RUNS_HELP);
    return sub === undefined ? EXIT.usage : EXIT.passed;
  }
  if (sub !== 'tail') throw new UsageError(`unknown runs command "${sub}" (there is: tail)`);
  return tail(rest, io);
}

async function tail(args: string[], io: CliIo): Promise<number> {
  const options = parseTailOptions(args);
  if (options.help) {
    io.stdout.write(RUNS_TAIL_HELP);
    return EXIT.passed;
  }
  const client = new ApiClient({ baseUrl: options.server, apiKey: io.env.TFBENCH_API_KEY || undefined });
  const query = new URLSearchParams({ kinds: 'run.status' });
  if (options.scenario) query.set('scenario_id', options.scenario);
  if (options.benchmark) query.set('benchmark_id', options.benchmark);
  const stop = new AbortController();
  const onInterrupt = () => stop.abort();
  io.signal?.addEventListener('abort', onInterrupt, { once: true });
  if (io.signal?.aborted) stop.abort();
  const paint = paintFor(io.stdout, io.env);
  const scenarioNames = new Map<number, Promise<string | null>>();
  // Lines are printed in event order even though a finished run's latency is fetched first.
  let printed: Promise<void> = Promise.resolve();
  try {
    await followEvents(client, {
      query,
      signal: stop.signal,
      // Said only once the server answers: a run triggered after this line is never missed.
      onConnected: () => io.stderr.write(`tfbench: following runs on ${client.baseUrl} (Ctrl-C to stop)\n`),
      onReconnect: (reason) =>
        io.stderr.write(`tfbench: event stream interrupted (${reason}); reconnecting\n`),
      onEvent: (event) => {
        if (event.kind !== 'run.status') return;
        const run = event.data as RunStatusEvent;
        const details = describe(client, run, scenarioNames);
        printed = printed.then(async () => {
          const { scenario, latency } = await details;
          io.stdout.write(
            options.json ? jsonLine(run, scenario, latency) : textLine(run, scenario, latency, paint),
          );
        });
      },
    });
    await printed;
  } finally {
    io.signal?.removeEventListener('abort', onInterrupt);
  }
  return EXIT.passed;
}

async function describe(
  client: ApiClient,
  run: RunStatusEvent,
  scenarioNames: Map<number, Promise<string | null>>,
): Promise<{ scenario: string | null; latency: number | null }> {
  let name = scenarioNames.get(run.scenario_id);
  if (!name) {
    name = client
      .request<{ name: string }>('GET', `/scenarios/${run.scenario_id}`)
      .then((s) => s.name)
      .catch(() => null);
    scenarioNames.set(run.scenario_id, name);
  }
  const latency = FINISHED.has(run.status)
    ? client
        .request<{ total_duration_ms: number | null }>('GET', `/runs/${run.run_id}`)
        .then((r) => r.total_duration_ms)
        .catch(() => null)
    : Promise.resolve(null);
  return { scenario: await name, latency: await latency };
}

function textLine(
  run: RunStatusEvent,
  scenario: string | null,
  latency: number | null,
  paint: Paint,
): string {
  const time = run.at.slice(11, 19);
  const status = run.status.padEnd(9);
  const coloured =
    run.status === 'completed' ? paint.pass(status) : FINISHED.has(run.status) ? paint.fail(status) : status;
  const parts = [
    time,
    `run ${run.run_id}`,
    `scenario ${run.scenario_id}${scenario ? ` "${scenario}"` : ''}`,
    ...(run.benchmark_id ? [`benchmark ${run.benchmark_id}`] : []),
    coloured,
    FINISHED.has(run.status) ? ms(latency) : '',
    run.error_code ? `error ${run.error_code}` : '',
  ];
  return `${parts
    .filter((part) => part !== '')
    .join('  ')
    .trimEnd()}\n`;
}

function jsonLine(run: RunStatusEvent, scenario: string | null, latency: number | null): string {
  return `${JSON.stringify({
    at: run.at,
    run_id: run.run_id,
    scenario_id: run.scenario_id,
    scenario_name: scenario,
    benchmark_id: run.benchmark_id,
    status: run.status,
    total_duration_ms: latency,
    error_code: run.error_code ?? null,
  })}\n`;
}

function parseTailOptions(args: string[]) {
  const { values, positionals } = parseCommandLine(args, {
    server: { type: 'string' },
    scenario: { type: 'string' },
    benchmark: { type: 'string' },
    json: { type: 'boolean' },
  });
  const help = values.help === true;
  if (help) return { help, server: '', json: false, scenario: undefined, benchmark: undefined };
  if (positionals.length > 0)
    throw new UsageError(`runs tail takes no arguments, got ${positionals.join(' ')}`);
  const server = serverUrl(values.server);
  if (server === undefined)
    throw new UsageError('runs tail needs --server URL (the server whose runs to follow)');
  for (const flag of ['scenario', 'benchmark'] as const) {
    const value = values[flag];
    if (value !== undefined && !/^[1-9]\d{0,9}$/.test(value)) {
      throw new UsageError(`--${flag} must be a ${flag} id (a positive whole number), got "${value}"`);
    }
  }
  return { help, server, json: values.json === true, scenario: values.scenario, benchmark: values.benchmark };
}
