import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { mockCli, sigtermDuring } from '../src/testing/index.js';
import { framesJson, http, openSse, VALID_BODY } from './helpers.js';

const cli = mockCli(fileURLToPath(new URL('../src/main.ts', import.meta.url)));
afterEach(() => cli.killAll());

describe('CLI (its own process)', () => {
  it('serves the API with the flags given and shuts down gracefully on SIGTERM', async () => {
    const { url, proc, output } = await cli.start([
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
    expect(await sigtermDuring(proc, open)).toEqual({ code: 0, ending: 'error' });
    expect(output()).toContain('SIGTERM, closing');
  }, 30_000);

  it('prints usage with --help and fails with a message on a bad flag', async () => {
    const help = cli.run(['--help']);
    const [helpCode] = await once(help.proc, 'exit');
    expect(helpCode).toBe(0);
    expect(help.output()).toContain('Usage:');

    const bad = cli.run(['--port', 'nope']);
    const [badCode] = await once(bad.proc, 'exit');
    expect(badCode).toBe(1);
    const err = bad.output();
    expect(err).toContain('--port must be an integer');
  }, 30_000);
});
