import { isPlainObject } from './issues.js';
import type { SeededRandom } from './prng.js';

/**
 * Plausible run content: PROGRESS purposes, result objects and TF_API_RESULT payloads. The
 * words matter little; what matters is that results look like what a web agent returns (a JSON
 * object shaped by the goal or by the output_schema) and that the same seed gives the same text.
 */

const MIDDLE_PURPOSES = [
  'Waiting for the page to finish loading',
  'Dismissing the cookie consent banner',
  'Reading the visible page content',
  'Scrolling down to load more results',
  'Opening the next page of results',
  'Typing the search terms into the search box',
  'Clicking the first matching link',
  'Expanding the collapsed details section',
  'Looking for the requested information on the page',
  'Going back to the results list',
];

/** One purpose per PROGRESS step: navigate first, extract last, page work in between. */
export function planPurposes(count: number, url: string | null, rng: SeededRandom): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    if (i === 0) out.push(url ? `Navigating to ${url}` : 'Opening the start page');
    else if (i === count - 1) out.push('Extracting the requested data as JSON');
    else out.push(rng.pick(MIDDLE_PURPOSES));
  }
  return out;
}

const PRODUCT_NAMES = [
  'Bulbasaur',
  'Ivysaur',
  'Venusaur',
  'Charmander',
  'Charmeleon',
  'Squirtle',
  'Wartortle',
];
const HEADLINES = [
  'Show HN: A tiny benchmark harness for web agents',
  'Why p99 latency matters more than the mean',
  'Postgres as a queue, revisited',
  'Server-sent events in practice',
  'Measuring time to first token correctly',
];
const PLAN_NAMES = ['Starter', 'Pro', 'Team', 'Enterprise'];
const JOB_TITLES = ['Backend Engineer', 'Site Reliability Engineer', 'Product Designer', 'Data Analyst'];
const CITIES = ['Berlin', 'London', 'New York', 'Singapore', 'Remote'];

type ResultBuilder = (rng: SeededRandom, goal: string, url: string | null) => Record<string, unknown>;

const GOAL_SHAPES: { pattern: RegExp; build: ResultBuilder }[] = [
  {
    pattern: /product|price|shop|store|item|catalog|cart/i,
    build: (rng) => ({
      products: sample(rng, PRODUCT_NAMES, rng.int(2, 5)).map((name) => ({
        name,
        price: `£${rng.int(20, 150)}.00`,
        in_stock: rng.chance(0.8),
      })),
    }),
  },
  {
    pattern: /news|headline|story|stories|article|post|blog/i,
    build: (rng) => ({
      articles: sample(rng, HEADLINES, rng.int(2, 5)).map((title, i) => ({
        rank: i + 1,
        title,
        points: rng.int(5, 900),
      })),
    }),
  },
  {
    pattern: /plan|pricing|subscription|tier/i,
    build: (rng) => ({
      plans: sample(rng, PLAN_NAMES, rng.int(2, 4)).map((name) => ({ name, price: `$${rng.int(5, 99)}/mo` })),
    }),
  },
  {
    pattern: /job|career|position|hiring|vacanc/i,
    build: (rng) => ({
      jobs: sample(rng, JOB_TITLES, rng.int(1, 4)).map((title) => ({ title, location: rng.pick(CITIES) })),
    }),
  },
  {
    pattern: /contact|email|phone|address/i,
    build: (rng, _goal, url) => ({
      contact: {
        email: `hello@${hostOf(url) ?? 'example.com'}`,
        phone: `+44 20 ${rng.int(1000, 9999)} ${rng.int(1000, 9999)}`,
      },
    }),
  },
];

/**
 * A result object for a COMPLETED run: generated from the output_schema when there is one,
 * otherwise shaped by keywords of the goal, with a generic answer as the fallback.
 */
export function generateResult(
  rng: SeededRandom,
  goal: string,
  url: string | null,
  outputSchema: Record<string, unknown> | null,
): Record<string, unknown> {
  if (outputSchema) {
    const value = fromSchema(outputSchema, rng, 0);
    if (isPlainObject(value)) return value;
    return { result: value };
  }
  const shape = GOAL_SHAPES.find((s) => s.pattern.test(goal));
  if (shape) return shape.build(rng, goal, url);
  return {
    answer: `Done: ${goal.length > 120 ? `${goal.slice(0, 117)}...` : goal}`,
    source_url: url,
    confidence: Math.round((0.7 + rng.next() * 0.3) * 100) / 100,
  };
}

const GOAL_FAILURE_REASONS = [
  'The page required solving a captcha, which the agent could not do',
  'The requested information was not present on the page',
  'The site asked for a login before showing the data',
];

/** A COMPLETED run's result when the browser worked but the goal was not met (docs: "validate result"). */
export function goalFailureResult(rng: SeededRandom): Record<string, unknown> {
  return { status: 'failure', reason: rng.pick(GOAL_FAILURE_REASONS) };
}

/** Payload of a TF_API_RESULT event: an array, as the spec says. */
export function tfApiResult(api: 'search' | 'fetch', rng: SeededRandom, url: string | null): unknown[] {
  if (api === 'search') {
    return sample(rng, HEADLINES, 2).map((title, i) => ({
      title,
      url: `https://example.com/results/${i + 1}`,
      snippet: `${title} - a short excerpt of the page.`,
    }));
  }
  return [
    { url: url ?? 'https://example.com/', status: 200, content: 'Page text extracted by the fetch API.' },
  ];
}

function sample<T>(rng: SeededRandom, items: readonly T[], count: number): T[] {
  const pool = [...items];
  const out: T[] = [];
  for (let i = 0; i < count && pool.length > 0; i++) {
    out.push(pool.splice(Math.floor(rng.next() * pool.length), 1)[0]!);
  }
  return out;
}

function hostOf(url: string | null): string | null {
  if (!url || !URL.canParse(url)) return null;
  return new URL(url).hostname || null;
}

/** A value satisfying the common subset of JSON Schema an output_schema uses. */
function fromSchema(schema: unknown, rng: SeededRandom, depth: number): unknown {
  if (!isPlainObject(schema) || depth > 6) return null;
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return rng.pick(schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(alternatives) && alternatives.length > 0)
    return fromSchema(alternatives[0], rng, depth + 1);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type ?? (isPlainObject(schema.properties) ? 'object' : undefined)) {
    case 'object': {
      const out: Record<string, unknown> = {};
      const props = isPlainObject(schema.properties) ? schema.properties : {};
      for (const [key, sub] of Object.entries(props)) out[key] = fromSchema(sub, rng, depth + 1);
      return out;
    }
    case 'array': {
      const min = typeof schema.minItems === 'number' ? schema.minItems : 1;
      const max = typeof schema.maxItems === 'number' ? schema.maxItems : Math.max(min, 3);
      const count = rng.int(min, Math.max(min, Math.min(max, min + 3)));
      return Array.from({ length: count }, () => fromSchema(schema.items, rng, depth + 1));
    }
    case 'string':
      return stringFor(schema, rng);
    case 'integer':
    case 'number': {
      const lo = typeof schema.minimum === 'number' ? schema.minimum : 0;
      const hi = typeof schema.maximum === 'number' ? schema.maximum : lo + 1000;
      return type === 'integer'
        ? rng.int(Math.ceil(lo), Math.floor(hi))
        : Math.round((lo + rng.next() * (hi - lo)) * 100) / 100;
    }
    case 'boolean':
      return rng.chance(0.5);
    default:
      return null;
  }
}

function stringFor(schema: Record<string, unknown>, rng: SeededRandom): string {
  switch (schema.format) {
    case 'date-time':
      return new Date(Date.UTC(2026, 0, rng.int(1, 28), rng.int(0, 23))).toISOString();
    case 'date':
      return `2026-01-${String(rng.int(1, 28)).padStart(2, '0')}`;
    case 'uri':
    case 'url':
      return `https://example.com/item/${rng.int(1, 999)}`;
    case 'email':
      return `user${rng.int(1, 999)}@example.com`;
    default: {
      const text = rng.pick([...PRODUCT_NAMES, ...PLAN_NAMES, ...CITIES]);
      const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
      return text.length >= min ? text : text.padEnd(min, 'x');
    }
  }
}
