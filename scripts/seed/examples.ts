/**
 * The example data of `npm run seed` (the original's scripts/seed_data.py): automations and
 * their scenarios that show each way of calling TinyFish. Names are the identity: seeding
 * again finds them by name and creates only what is missing.
 *
 * Every scenario runs in mock mode as it stands (the mock accepts prompt-only inputs), and in
 * live mode the web-agent ones need nothing but an API key. No schedule is switched on:
 * seeding never starts recurring runs, which would cost money in live mode.
 *
 * The OpenAI-compatible example points at the standalone mock's default address
 * (`npm run mock:openai`); in mock mode its runs go to the in-process mock whatever it names.
 */
import type { CreateAutomationInput, CreateScenarioInput } from '@tfbench/core/services';

/** A scenario as seeded: its automation is named, not numbered, since ids differ per database. */
export type ExampleScenario = Omit<CreateScenarioInput, 'automation_id'>;

export interface ExampleAutomation {
  automation: CreateAutomationInput & { name: string };
  scenarios: ExampleScenario[];
}

/** Where `npm run mock:openai` listens by default: the OpenAI-compatible example's base URL. */
export const MOCK_OPENAI_DEFAULT_ORIGIN = 'http://127.0.0.1:8788';

/**
 * Origins the seed may store as base URLs although the outbound guard refuses loopback: only
 * the standalone mock's, which the examples name. The API's own policy is not widened.
 */
export const SEED_ALLOWED_ORIGINS: readonly string[] = [MOCK_OPENAI_DEFAULT_ORIGIN];

export const EXAMPLES: readonly ExampleAutomation[] = [
  {
    // The original README's example, field for field.
    automation: {
      name: 'GPT-4 Chat Automation',
      tinyfish_automation_id: 'auto_123abc',
      description: 'GPT-4 chat completion automation',
      default_inputs: { model: 'gpt-4', temperature: 0.7 },
    },
    scenarios: [
      {
        name: 'Simple Chat Benchmark',
        description: 'Test basic chat completion',
        inputs_template: { prompt: 'What is the capital of France?', max_tokens: 100 },
        run_settings: { interval_seconds: 300, concurrency: 1 },
      },
    ],
  },
  {
    automation: {
      name: 'Hacker News front page',
      description: 'A web agent reads the Hacker News front page (streamed over SSE).',
      default_inputs: { url: 'https://news.ycombinator.com' },
      config: { mode: 'sse' },
    },
    scenarios: [
      {
        name: 'Top 5 stories',
        description: 'Titles and points of the five top stories, as JSON.',
        inputs_template: {
          goal: 'Return the title and points of the top 5 stories as a JSON array of {title, points}.',
        },
        run_settings: { timeout_s: 120, concurrency: 1 },
        thresholds: ['p95(total_duration_ms) < 60s', 'p50(ttft_ms) < 10s', 'success_rate >= 90%'],
      },
      {
        name: 'Newest story',
        description: 'The title of the newest submission.',
        inputs_template: {
          url: 'https://news.ycombinator.com/newest',
          goal: 'Return the title of the first story on the page as {title}.',
        },
        run_settings: { timeout_s: 90, concurrency: 1 },
        thresholds: ['p95(total_duration_ms) < 45s', 'error_rate < 0.1'],
      },
    ],
  },
  {
    automation: {
      name: 'Product price lookup',
      description: 'A web agent finds a product and reports its price (one blocking request).',
      default_inputs: { url: 'https://scrapeme.live/shop/' },
      config: { mode: 'sync' },
    },
    scenarios: [
      {
        name: 'Price of Bulbasaur',
        description: 'Search the demo shop and return the price of one product.',
        inputs_template: {
          goal: 'Find the product "Bulbasaur" and return its price as {name, price, currency}.',
        },
        run_settings: { timeout_s: 180, concurrency: 1 },
        thresholds: ['p95(total_duration_ms) < 90s', 'max(cost_usd) < 0.5'],
      },
    ],
  },
  {
    automation: {
      name: 'Mock LLM (OpenAI-compatible)',
      description:
        'A chat model behind an OpenAI-compatible endpoint (streamed, with token metrics). Runs against the mock OpenAI-compatible server in mock mode.',
      provider: 'openai',
      config: {
        base_url: `${MOCK_OPENAI_DEFAULT_ORIGIN}/v1`,
        prices: { input_per_mtok_usd: 0.15, output_per_mtok_usd: 0.6 },
      },
      default_inputs: { model: 'mock-llm', max_tokens: 128 },
    },
    scenarios: [
      {
        name: 'Short answers',
        description: 'A one-paragraph answer: TTFT, output tokens/s and TPOT.',
        inputs_template: { prompt: 'Explain in one paragraph what time to first token measures.' },
        run_settings: { timeout_s: 60, concurrency: 1 },
        thresholds: ['p95(ttft_ms) < 1000', 'mean(output_tokens_per_s) > 20', 'success_rate >= 95%'],
      },
    ],
  },
];
