/**
 * An OpenAI-compatible run end to end on both databases: the engine hands the provider its
 * automation's config, the real client streams from a loopback server, and the run row keeps
 * the token figures, the bounded token timeline and the cost at the automation's prices,
 * with a handful of event rows rather than one per token.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAutomation, createScenario, triggerRun } from '@tfbench/core/services';
import { describeEachDatabase, newSecretBox } from '@tfbench/core/testing';
import { createOpenAIProvider } from '@tfbench/openai';
import { expect, it, onTestFinished } from 'vitest';
import { eventsOf, startHarness, waitForRun } from './helpers.js';

const TOKENS = 600;

/** Streams TOKENS one-token chunks in bursts, then usage and [DONE]; records each request. */
async function startStreamingServer(): Promise<{
  baseUrl: string;
  bodies: unknown[];
  close(): Promise<void>;
}> {
  const bodies: unknown[] = [];
  const server = http.createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      bodies.push({
        auth: req.headers.authorization,
        body: JSON.parse(Buffer.concat(parts).toString('utf8')),
      });
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const chunk = (content: string) =>
        `data: ${JSON.stringify({ id: 'chatcmpl-e2e', choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;
      let sent = 0;
      const timer = setInterval(() => {
        let burst = '';
        for (let i = 0; i < 100 && sent < TOKENS; i++, sent++) burst += chunk(`t${sent} `);
        res.write(burst);
        if (sent >= TOKENS) {
          clearInterval(timer);
          const usage = { prompt_tokens: 20, completion_tokens: TOKENS, total_tokens: TOKENS + 20 };
          res.end(`data: ${JSON.stringify({ id: 'chatcmpl-e2e', choices: [], usage })}\n\ndata: [DONE]\n\n`);
        }
      }, 10);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    bodies,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describeEachDatabase('an OpenAI-compatible run through the engine', (getDb) => {
  it('stores token metrics, a bounded timeline, the cost, and few event rows', async () => {
    const db = getDb();
    const upstream = await startStreamingServer();
    onTestFinished(() => upstream.close());
    const openai = createOpenAIProvider({ eventLoopSampler: null });
    onTestFinished(() => openai.close());
    // The key is sealed at rest and opened by the engine for the request, as in production.
    const box = newSecretBox();
    const harness = await startHarness(db, { providers: { openai }, secretBox: box });
    const deps = { db, outbound: { allowedHosts: ['127.0.0.1'] }, credentials: { box } };
    const automation = await createAutomation(deps, {
      name: 'local vLLM',
      provider: 'openai',
      config: {
        base_url: upstream.baseUrl,
        api_key: 'sk-engine-test-0123456789',
        prices: { input_per_mtok_usd: 1, output_per_mtok_usd: 2 },
      },
      default_inputs: { model: 'my-model' },
    });
    const scenario = await createScenario(deps, {
      name: 'tokens',
      automation_id: automation.id,
      inputs_template: { prompt: 'Count', max_tokens: TOKENS },
    } as Parameters<typeof createScenario>[1]);
    const created = await triggerRun({ db }, { scenario_id: scenario.id, inputs_override: null });
    await harness.engine.dispatchRun(created.id);
    const run = await waitForRun(db, created.id);

    expect(run.status).toBe('completed');
    expect(upstream.bodies[0]).toMatchObject({
      auth: 'Bearer sk-engine-test-0123456789',
      body: {
        model: 'my-model',
        max_tokens: TOKENS,
        stream: true,
        messages: [{ role: 'user', content: 'Count' }],
      },
    });
    expect(run.ttft_ms).toBeGreaterThan(0);
    expect(run.inter_token_stats).toMatchObject({ count: TOKENS - 1 });
    expect(run.token_metrics).toMatchObject({
      input_tokens: 20,
      output_tokens: TOKENS,
      output_tokens_source: 'usage',
      chunks: TOKENS,
    });
    expect(run.token_timeline?.total_chunks).toBe(TOKENS);
    expect(run.token_timeline?.at_ms.length).toBeLessThanOrEqual(512);
    expect(run.cost_usd).toBeCloseTo((20 * 1 + TOKENS * 2) / 1e6, 12);
    expect(run.upstream_run_id).toBe('chatcmpl-e2e');
    // tinyfish_run_id is TinyFish's field only: the database derives it for TinyFish runs.
    expect(run.tinyfish_run_id).toBeNull();
    const events = await eventsOf(db, run.id);
    expect(events.length).toBeLessThan(20);
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['REQUEST_SENT', 'FIRST_TOKEN', 'USAGE', 'DONE']),
    );
    expect(JSON.stringify(events)).not.toContain('sk-engine-test');
  });
});
