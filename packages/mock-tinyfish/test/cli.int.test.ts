import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { framesJson, http, openSse, VALID_BODY } from './helpers.js';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const TSX = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));

let child: ChildProcess | null = null;
afterEach(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  child = null;
});

/** Starts the CLI and resolves with its URL once it prints the listening line. */
async function startCli(args: string[]): Promise<{ url: string; proc: ChildProcess; output: () => string }> {
  const proc = spawn(TSX, [MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  child = proc;
  let out = '';
  proc.stdout!.setEncoding('utf8');
  proc.stderr!.setEncoding('utf8');
  proc.stderr!.on('data', (c: string) => {
    out += c;
  });
  const url = await new Promise<string>((resolve, reject) => {
    proc.stdout!.on('data', (c: string) => {
      out += c;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    proc.once('exit', (code) => reject(new Error(`CLI exited with ${code}: ${out}`)));
  });
  return { url, proc, output: () => out };
}

describe('CLI (its own process)', () => {
  it('serves the API with the flags given and shuts down gracefully on SIGTERM', async () => {
    const { url, proc, output } = await startCli([
      '--port',
      '0',
      '--seed',
      '5',
      '--strict',
      '--grace-ms',
      '300',
      '--model',
      '{"steps":2,"step_delay_ms":10,"started_delay_ms":5,"streaming_url":false,"heartbeat_interval_ms":0}',
    ]);
    expect(output()).toContain('(seed 5, strict)');
    const config = (await http(url, 'GET', '/__mock/config')).json as Record<string, unknown>;
    expect(config).toMatchObject({ seed: 5, strict: true, auth_required: false });
    expect((await http(url, 'POST', '/v1/automation/run', { body: { goal: 'no url' } })).status).toBe(400);
    const events = framesJson(await openSse(url, VALID_BODY).done);
    expect(events.map((e) => e.type)).toEqual(['STARTED', 'PROGRESS', 'PROGRESS', 'COMPLETE']);

    // A stream still open at SIGTERM gets the grace period, then the process exits 0.
    const open = openSse(url, { ...VALID_BODY, mock: { step_delay_ms: 60_000 } });
    await open.firstByte;
    proc.kill('SIGTERM');
    const [code] = await once(proc, 'exit');
    expect(code).toBe(0);
    expect(output()).toContain('SIGTERM, closing');
    expect((await open.done).ending).toBe('error');
  }, 30_000);

  it('prints usage with --help and fails with a message on a bad flag', async () => {
    const help = spawn(TSX, [MAIN, '--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child = help;
    let text = '';
    help.stdout!.on('data', (c: Buffer) => {
      text += c.toString();
    });
    const [helpCode] = await once(help, 'exit');
    expect(helpCode).toBe(0);
    expect(text).toContain('Usage:');

    const bad = spawn(TSX, [MAIN, '--port', 'nope'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child = bad;
    let err = '';
    bad.stderr!.on('data', (c: Buffer) => {
      err += c.toString();
    });
    const [badCode] = await once(bad, 'exit');
    expect(badCode).toBe(1);
    expect(err).toContain('--port must be an integer');
  }, 30_000);
});
