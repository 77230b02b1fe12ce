/**
 * The variants servers send (the reference's "what a client meets in the wild"): usage with
 * choices [], null or absent, or no usage at all; continuous usage; `: ping` comments;
 * `reasoning` instead of `reasoning_content`; several choices; frames split mid-JSON; the
 * completions endpoint; include_usage turned off; non-stream mode; prices.
 */
import { describe, expect, it } from 'vitest';
import {
  chatChunk,
  DONE,
  frame,
  jsonScript,
  type Script,
  usage,
  usageChunk,
  useScriptedServer,
} from './scripted-server.js';

const scripts = new Map<string, Script>();
// The model name picks the script, so each test states its own stream.
const scripted = useScriptedServer((request) => {
  const script = scripts.get(String(request.body.model));
  if (script === undefined) throw new Error(`no script for ${String(request.body.model)}`);
  return script;
});

function tokens(n: number, every = 5): Script['steps'] {
  return Array.from({ length: n }, (_, i) => ({
    at: 10 + i * every,
    write: chatChunk({ content: `t${i}` }),
  }));
}

async function run(
  model: string,
  steps: Script['steps'],
  config: Record<string, unknown> = {},
  settings = {},
) {
  scripts.set(model, { steps });
  const outcome = await scripted.provider().execute({
    inputs: { model, prompt: 'p' },
    settings,
    config: { base_url: scripted.server().baseUrl, ...config },
  });
  const request = scripted
    .server()
    .requests.filter((r) => r.body.model === model)
    .at(-1);
  return { outcome, request, tm: outcome.metrics.token_metrics };
}

describe('the usage chunk', () => {
  for (const shape of ['empty', 'null', 'absent'] as const) {
    it(`is read with choices ${shape}`, async () => {
      const { outcome, tm } = await run(`usage-${shape}`, [
        ...tokens(3),
        { at: 30, write: usageChunk(usage(7, 3), shape) },
        { at: 35, write: DONE, end: true },
      ]);
      expect(outcome.status).toBe('completed');
      expect(tm).toMatchObject({
        input_tokens: 7,
        output_tokens: 3,
        output_tokens_source: 'usage',
        chunks: 3,
      });
    });
  }

  it('missing: output tokens are the counted chunks, and the source says so', async () => {
    const { outcome, tm } = await run('no-usage', [...tokens(4), { at: 40, write: DONE, end: true }]);
    expect(outcome.status).toBe('completed');
    expect(tm).toMatchObject({
      input_tokens: null,
      output_tokens: 4,
      output_tokens_source: 'chunks',
      max_tokens_per_chunk: null,
    });
    expect(tm?.tpot_ms).not.toBeNull();
  });

  it('continuous: cumulative usage on every chunk gives tokens per chunk, the last usage wins', async () => {
    const steps = [2, 5, 6].map((completion, i) => ({
      at: 10 + i * 5,
      write: chatChunk({ content: `c${i}` }, { usage: usage(4, completion) }),
    }));
    const { tm } = await run('continuous', [
      ...steps,
      { at: 30, write: usageChunk(usage(4, 6)) },
      { at: 35, write: DONE, end: true },
    ]);
    expect(tm).toMatchObject({
      output_tokens: 6,
      chunks: 3,
      max_tokens_per_chunk: 3,
      output_tokens_source: 'usage',
    });
  });

  it('is not asked for when include_usage is off', async () => {
    const { request } = await run('no-include', [...tokens(1), { at: 20, write: DONE, end: true }], {
      include_usage: false,
    });
    expect(request?.body.stream_options).toBeUndefined();
    expect(request?.body.stream).toBe(true);
  });
});

describe('chunk variants', () => {
  it('`reasoning` counts as reasoning, `: ping` comments and empty deltas are not tokens', async () => {
    const { outcome, tm } = await run('reasoning-field', [
      { at: 0, write: ': ping\n\n' },
      { at: 5, write: chatChunk({ role: 'assistant' }) },
      { at: 10, write: chatChunk({ content: '' }) },
      { at: 20, write: chatChunk({ reasoning: 'hmm' }) },
      { at: 30, write: ': ping\n\n' },
      { at: 40, write: chatChunk({ content: 'A' }) },
      { at: 45, write: chatChunk({}, { finish_reason: 'length' }) },
      { at: 50, write: DONE, end: true },
    ]);
    const t0 = outcome.t0_epoch_ms as number;
    const sent = (scripted.server().sentAt.at(-1) as number[]).map((epoch) => epoch - t0);
    expect(Math.abs((outcome.metrics.ttft_ms as number) - (sent[3] as number))).toBeLessThan(8);
    expect(Math.abs((tm?.time_to_first_answer_token_ms as number) - (sent[5] as number))).toBeLessThan(8);
    expect(tm).toMatchObject({ chunks: 2, output_tokens: 2, finish_reason: 'length' });
  });

  it('frames split mid-JSON are stamped when the frame completes', async () => {
    const whole = chatChunk({ content: 'split' });
    const { outcome, tm } = await run('split', [
      { at: 10, write: whole.slice(0, 25) },
      { at: 60, write: whole.slice(25) },
      { at: 70, write: DONE, end: true },
    ]);
    const t0 = outcome.t0_epoch_ms as number;
    const sent = (scripted.server().sentAt.at(-1) as number[]).map((epoch) => epoch - t0);
    expect(Math.abs((outcome.metrics.ttft_ms as number) - (sent[1] as number))).toBeLessThan(8);
    expect(tm?.chunks).toBe(1);
  });

  it('several choices: every choice’s tokens count, choice 0 gives the text and finish reason', async () => {
    const choiceChunk = (index: number, content: string, finish: string | null = null) =>
      frame({ id: 'x', choices: [{ index, delta: { content }, finish_reason: finish }] });
    const { outcome, tm } = await run('n2', [
      { at: 10, write: choiceChunk(0, 'a') },
      { at: 15, write: choiceChunk(1, 'b') },
      { at: 20, write: choiceChunk(1, 'B', 'stop') },
      { at: 25, write: choiceChunk(0, 'A', 'length') },
      { at: 30, write: DONE, end: true },
    ]);
    expect(tm).toMatchObject({ chunks: 4, output_tokens: 4, finish_reason: 'length' });
    expect(outcome.result).toMatchObject({ content: 'aA' });
  });

  it('tool-call fragments are answer tokens', async () => {
    const { tm } = await run('tools', [
      { at: 10, write: chatChunk({ tool_calls: [{ index: 0, function: { name: 'f', arguments: '{' } }] }) },
      { at: 20, write: DONE, end: true },
    ]);
    expect(tm?.chunks).toBe(1);
    expect(tm?.time_to_first_answer_token_ms).not.toBeNull();
  });
});

describe('endpoints and modes', () => {
  it('completions: POST /completions with prompt, text chunks are tokens', async () => {
    const textChunk = (text: string) =>
      frame({ id: 'cmpl-1', object: 'text_completion', choices: [{ index: 0, text, finish_reason: null }] });
    const { outcome, request, tm } = await run(
      'completions',
      [
        { at: 10, write: textChunk('one') },
        { at: 20, write: textChunk(' two') },
        { at: 25, write: usageChunk(usage(2, 2)) },
        { at: 30, write: DONE, end: true },
      ],
      { endpoint: 'completions' },
    );
    expect(request?.url).toBe('/v1/completions');
    expect(request?.body.prompt).toBe('p');
    expect(request?.body.messages).toBeUndefined();
    expect(outcome.result).toMatchObject({ content: 'one two' });
    expect(tm).toMatchObject({ chunks: 2, output_tokens: 2 });
  });

  it('non-stream: total latency and usage only, per-token figures null', async () => {
    scripts.set(
      'non-stream',
      jsonScript(200, {
        id: 'chatcmpl-ns',
        object: 'chat.completion',
        choices: [{ index: 0, message: { role: 'assistant', content: 'Hi there' }, finish_reason: 'stop' }],
        usage: usage(9, 3),
      }),
    );
    const outcome = await scripted.provider().execute({
      inputs: { model: 'non-stream', prompt: 'p' },
      settings: { mode: 'non_stream' },
      config: {
        base_url: scripted.server().baseUrl,
        prices: { input_per_mtok_usd: 1, output_per_mtok_usd: 2 },
      },
    });
    const request = scripted.server().requests.at(-1);
    expect(request?.body.stream).toBe(false);
    expect(request?.body.stream_options).toBeUndefined();
    expect(outcome.status).toBe('completed');
    expect(outcome.mode).toBe('non_stream');
    expect(outcome.metrics.ttft_ms).toBeNull();
    expect(outcome.metrics.inter_token_stats).toBeNull();
    expect(outcome.metrics.total_duration_ms).toBeGreaterThan(0);
    expect(outcome.metrics.token_metrics).toMatchObject({
      input_tokens: 9,
      output_tokens: 3,
      output_tokens_source: 'usage',
      tpot_ms: null,
      chunks: null,
      finish_reason: 'stop',
    });
    expect(outcome.result).toMatchObject({ content: 'Hi there' });
    expect(outcome.cost_usd).toBeCloseTo((9 * 1 + 3 * 2) / 1e6, 12);
  });

  it('prices give the cost of a streamed run: tokens × price per million', async () => {
    const { outcome } = await run(
      'priced',
      [...tokens(2), { at: 25, write: usageChunk(usage(1000, 2000)) }, { at: 30, write: DONE, end: true }],
      { prices: { input_per_mtok_usd: 0.5, output_per_mtok_usd: 1.5 } },
    );
    expect(outcome.cost_usd).toBeCloseTo(0.0005 + 0.003, 12);
  });

  it('without prices there is no cost', async () => {
    const { outcome } = await run('unpriced', [...tokens(1), { at: 20, write: DONE, end: true }]);
    expect(outcome.cost_usd).toBeNull();
  });
});
