/**
 * The original README's three curl examples, verbatim and in order, on a fresh database:
 * 201 with ids 1, 1, 1, and the run listed as pending with the merged inputs. The section
 * "Benchmark an OpenAI-compatible endpoint" is read from README.md itself and its curl
 * bodies sent as written.
 */
import { readFileSync } from 'node:fs';
import { describeEachDatabase } from '@tfbench/core/testing';
import { expect, it } from 'vitest';
import { postJson, README_EXAMPLES, useApp } from './helpers.js';

describeEachDatabase('README examples', (getDb) => {
  const app = useApp(getDb);

  it('create automation 1, scenario 1 and pending run 1, then list the run', async () => {
    const automation = await postJson(app(), '/api/v1/automations', README_EXAMPLES.automation);
    expect(automation.statusCode).toBe(201);
    expect(automation.json()).toMatchObject({
      id: 1,
      name: 'GPT-4 Chat Automation',
      tinyfish_automation_id: 'auto_123abc',
      description: 'GPT-4 chat completion automation',
      default_inputs: { model: 'gpt-4', temperature: 0.7 },
      provider: 'tinyfish',
    });

    const scenario = await postJson(app(), '/api/v1/scenarios', README_EXAMPLES.scenario);
    expect(scenario.statusCode).toBe(201);
    expect(scenario.json()).toMatchObject({
      id: 1,
      automation_id: 1,
      inputs_template: { prompt: 'What is the capital of France?', max_tokens: 100 },
      run_settings: { interval_seconds: 300, concurrency: 1 },
    });

    const merged = {
      model: 'gpt-4',
      temperature: 0.5,
      prompt: 'What is the capital of France?',
      max_tokens: 100,
    };
    const run = await postJson(app(), '/api/v1/runs/trigger', README_EXAMPLES.trigger);
    expect(run.statusCode).toBe(201);
    expect(run.json()).toMatchObject({ id: 1, scenario_id: 1, status: 'pending', inputs: merged });

    const list = await app().inject({ method: 'GET', url: '/api/v1/runs' });
    expect(list.statusCode).toBe(200);
    expect(list.headers['x-total-count']).toBe('1');
    const runs = list.json() as Array<Record<string, unknown>>;
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ id: 1, scenario_id: 1, status: 'pending', inputs: merged });
    // Dates leave as ISO-8601 UTC strings.
    expect(runs[0]?.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });
});

/** The POST lines of the README section's first bash block: path and body as written. */
function readmeSectionPosts(heading: string): Array<{ path: string; body: string }> {
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf(heading));
  const open = section.indexOf('```bash\n') + '```bash\n'.length;
  const block = section.slice(open, section.indexOf('\n```', open));
  return block
    .split('\n')
    .map((line) => /^curl -X POST http:\/\/localhost:\d+(\S+) .* -d '(.*)'$/.exec(line))
    .filter((match) => match !== null)
    .map((match) => ({ path: match[1] ?? '', body: match[2] ?? '' }));
}

describeEachDatabase('README: Benchmark an OpenAI-compatible endpoint', (getDb) => {
  const app = useApp(getDb);

  it('accepts every call as written on a loopback API, the local vLLM base URL included', async () => {
    const posts = readmeSectionPosts('### Benchmark an OpenAI-compatible endpoint');
    expect(posts.map((p) => p.path)).toEqual([
      '/api/v1/automations',
      '/api/v1/scenarios',
      '/api/v1/runs/trigger',
      '/api/v1/benchmarks',
    ]);
    for (const { path, body } of posts) {
      const response = await postJson(app(), path, body);
      expect(response.statusCode, `${path}: ${response.body}`).toBeLessThan(300);
      expect(response.body).not.toContain('sk-...');
    }
    const automation = await app().inject({ method: 'GET', url: '/api/v1/automations/1' });
    expect(automation.json()).toMatchObject({
      name: 'local vLLM',
      provider: 'openai',
      config: { base_url: 'http://127.0.0.1:8000/v1', api_key_set: true },
    });
  });
});
