/**
 * An automation's own credentials reach its upstream, and nothing else: not the run's stored
 * inputs, events or outcome, not the event bus, not the logs. The mock TinyFish server here
 * accepts only the automation's key, so a completed run proves the key was sent.
 */
import type { DatabaseHandle } from '@tfbench/core/db';
import type { SecretBox } from '@tfbench/core/secrets';
import { createAutomation, createScenario } from '@tfbench/core/services';
import { closeAfterEach, describeEachDatabase, newSecretBox } from '@tfbench/core/testing';
import { startMockTinyFish } from '@tfbench/mock-tinyfish';
import pino from 'pino';
import { expect, it } from 'vitest';
import {
  type EngineHarness,
  eventsOf,
  FAST_MODEL,
  startHarness,
  triggerAndDispatch,
  upstreamPosts,
  waitForRun,
} from './helpers.js';

const AUTOMATION_KEY = 'tf-automation-key-DO-NOT-LEAK-91c3';
const HEADER_VALUE = 'header-value-DO-NOT-LEAK-5d20';

async function seedScenarioOf(
  db: DatabaseHandle,
  box: SecretBox,
  name: string,
  config: Record<string, unknown>,
) {
  const automation = await createAutomation(
    { db, credentials: { box } },
    { name, default_inputs: { url: 'https://example.com', goal: 'read the title' }, config },
  );
  const scenario = await createScenario({ db }, { name: `${name} scenario`, automation_id: automation.id });
  return scenario.id;
}

describeEachDatabase('credentials on the run path', (getDb) => {
  const closeLater = closeAfterEach();
  async function harnessOn(...args: Parameters<typeof startHarness>): Promise<EngineHarness> {
    const harness = await startHarness(...args);
    closeLater(() => harness.close());
    return harness;
  }

  it('sends the automation key upstream and keeps it out of the run, its events, the bus and the logs', async () => {
    const db = getDb();
    const box = newSecretBox();
    const mock = await startMockTinyFish({ seed: 3, model: FAST_MODEL, apiKey: AUTOMATION_KEY });
    closeLater(() => mock.close());
    const lines: string[] = [];
    const logger = pino({ level: 'trace' }, { write: (line: string) => lines.push(line) });
    const harness = await harnessOn(db, { mock, secretBox: box, logger });

    const withKey = await seedScenarioOf(db, box, 'own key', {
      api_key: AUTOMATION_KEY,
      headers: { 'x-trace-tag': HEADER_VALUE },
    });
    const withoutKey = await seedScenarioOf(db, box, 'no key', {});

    const sent = await waitForRun(db, (await triggerAndDispatch(db, harness.engine, withKey)).id);
    expect(sent.status).toBe('completed');
    // The server-wide client has no key: the same mock refuses a run without the automation's.
    const refused = await waitForRun(db, (await triggerAndDispatch(db, harness.engine, withoutKey)).id);
    expect(refused).toMatchObject({ status: 'failed', error_code: 'MISSING_API_KEY' });

    expect(Object.keys(sent.inputs).sort()).toEqual(['goal', 'temperature', 'url']);
    const stored = JSON.stringify([
      sent,
      refused,
      await eventsOf(db, sent.id),
      await eventsOf(db, refused.id),
    ]);
    const published = JSON.stringify(harness.published);
    expect(published.length).toBeGreaterThan(100);
    for (const secret of [AUTOMATION_KEY, HEADER_VALUE]) {
      expect(stored).not.toContain(secret);
      expect(published).not.toContain(secret);
      expect(lines.join('\n')).not.toContain(secret);
    }
  });

  it('fails the run without calling upstream when the credentials cannot be opened', async () => {
    const db = getDb();
    const sealedWith = newSecretBox();
    const harness = await harnessOn(db, { secretBox: newSecretBox() });
    const scenarioId = await seedScenarioOf(db, sealedWith, 'other key', { api_key: AUTOMATION_KEY });

    const run = await waitForRun(db, (await triggerAndDispatch(db, harness.engine, scenarioId)).id);
    expect(run).toMatchObject({ status: 'failed', error_code: 'CREDENTIALS_UNAVAILABLE' });
    expect(run.error).toContain(`sealed with key ${sealedWith.current.id}`);
    expect(run.error).not.toContain(AUTOMATION_KEY);
    expect(upstreamPosts(harness.mock)).toBe(0);
  });
});
