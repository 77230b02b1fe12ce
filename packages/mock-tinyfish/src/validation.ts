import { customIssue, type InputIssue, isPlainObject, typeIssue } from './issues.js';
import type { MockBehaviourOverrides } from './model.js';
import { parseBehaviourInput } from './model-parse.js';

/** What the mock needs from a run-creation body once it has been validated. */
export interface RunRequest {
  goal: string;
  url: string | null;
  proxy_enabled: boolean | null;
  proxy_country_code: string | null;
  /** agent_config.max_steps: a plan with more steps fails with max_steps_exceeded. */
  max_steps: number | null;
  /** The request's output_schema when it is a JSON Schema object (the result is generated from it). */
  output_schema: Record<string, unknown> | null;
  /** Whether an output_schema was given at all (boolean or object), which sets schema_validation. */
  has_output_schema: boolean;
  /** capture_config.recording: terminal runs then carry a video_url. */
  recording: boolean;
  mock: MockBehaviourOverrides;
  /** The `mock` object as sent, the default key of `fault_limit` counters. */
  mock_raw: unknown;
}

/** The goal used in lenient mode when the body has neither `goal` nor `prompt`. */
export const DEFAULT_GOAL = 'Complete the task on the page and return the result as JSON';

/**
 * Validates a run-creation body. Strict mode checks the fields the real API checks, naming the
 * field like the real INVALID_INPUT envelope does. Lenient mode (the product's mock mode) accepts
 * any body object: `goal` falls back to `prompt`, then to a default, and `url` may be missing,
 * so inputs written for an LLM endpoint ({prompt, model, max_tokens}) still run. The `mock`
 * object is validated in both modes.
 */
export function validateRunBody(
  body: unknown,
  strict: boolean,
  path: (string | number)[] = [],
): { request?: RunRequest; issues: InputIssue[] } {
  const issues: InputIssue[] = [];
  if (!isPlainObject(body)) {
    issues.push(typeIssue(path, 'object', body));
    return { issues };
  }
  const mockParsed =
    body.mock === undefined ? { value: {}, issues: [] } : parseBehaviourInput(body.mock, [...path, 'mock']);
  issues.push(...mockParsed.issues);
  const fields = strict ? strictFields(body, path, issues) : lenientFields(body);
  if (issues.length > 0) return { issues };
  return { request: { ...fields, mock: mockParsed.value, mock_raw: body.mock }, issues };
}

type RequestFields = Omit<RunRequest, 'mock' | 'mock_raw'>;

function lenientFields(body: Record<string, unknown>): RequestFields {
  const goal =
    nonEmpty(body.goal) ??
    nonEmpty(body.prompt) ??
    nonEmpty(body.instruction) ??
    nonEmpty(body.task) ??
    DEFAULT_GOAL;
  const proxy = isPlainObject(body.proxy_config) ? body.proxy_config : null;
  const agent = isPlainObject(body.agent_config) ? body.agent_config : null;
  const maxSteps = agent && Number.isInteger(agent.max_steps) ? (agent.max_steps as number) : null;
  return {
    goal,
    url: nonEmpty(body.url) ?? null,
    proxy_enabled: proxy && typeof proxy.enabled === 'boolean' ? proxy.enabled : null,
    proxy_country_code: proxy ? (nonEmpty(proxy.country_code) ?? null) : null,
    max_steps: maxSteps !== null && maxSteps >= 1 ? maxSteps : null,
    output_schema: isPlainObject(body.output_schema) ? body.output_schema : null,
    has_output_schema: isPlainObject(body.output_schema) || body.output_schema === true,
    recording: isPlainObject(body.capture_config) && body.capture_config.recording === true,
  };
}

function nonEmpty(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim().length > 0 ? v : undefined;
}

const COUNTRY_CODES = ['US', 'GB', 'CA', 'DE', 'FR', 'JP', 'AU'];

function strictFields(
  body: Record<string, unknown>,
  path: (string | number)[],
  issues: InputIssue[],
): RequestFields {
  const at = (...keys: (string | number)[]) => [...path, ...keys];

  if (typeof body.url !== 'string') issues.push(typeIssue(at('url'), 'string', body.url));
  else if (!isHttpUrl(body.url)) issues.push(urlIssue(at('url'), 'Invalid URL: must include https://'));

  if (typeof body.goal !== 'string') issues.push(typeIssue(at('goal'), 'string', body.goal));
  else if (body.goal.length < 1)
    issues.push({
      code: 'too_small',
      path: at('goal'),
      message: 'Too small: expected string to have >=1 characters',
    });

  if (
    body.browser_profile !== undefined &&
    body.browser_profile !== 'lite' &&
    body.browser_profile !== 'stealth'
  )
    issues.push(enumIssue(at('browser_profile'), ['lite', 'stealth']));

  let proxyEnabled: boolean | null = null;
  let proxyCountry: string | null = null;
  if (body.proxy_config !== undefined) {
    const proxy = body.proxy_config;
    if (!isPlainObject(proxy)) issues.push(typeIssue(at('proxy_config'), 'object', proxy));
    else {
      if (typeof proxy.enabled !== 'boolean')
        issues.push(typeIssue(at('proxy_config', 'enabled'), 'boolean', proxy.enabled));
      else proxyEnabled = proxy.enabled;
      if (proxy.type !== undefined && proxy.type !== 'tetra' && proxy.type !== 'custom')
        issues.push(enumIssue(at('proxy_config', 'type'), ['tetra', 'custom']));
      if (proxy.country_code !== undefined) {
        if (!COUNTRY_CODES.includes(proxy.country_code as string))
          issues.push(enumIssue(at('proxy_config', 'country_code'), COUNTRY_CODES));
        else proxyCountry = proxy.country_code as string;
      }
      if (proxy.type === 'custom' && (typeof proxy.url !== 'string' || !isHttpUrl(proxy.url)))
        issues.push(urlIssue(at('proxy_config', 'url'), 'Invalid URL: a custom proxy needs its url'));
    }
  }

  let maxSteps: number | null = null;
  if (body.agent_config !== undefined) {
    const agent = body.agent_config;
    if (!isPlainObject(agent)) issues.push(typeIssue(at('agent_config'), 'object', agent));
    else {
      if (agent.mode !== undefined && agent.mode !== 'default' && agent.mode !== 'strict')
        issues.push(enumIssue(at('agent_config', 'mode'), ['default', 'strict']));
      if (agent.max_steps !== undefined) {
        const n = agent.max_steps;
        if (typeof n !== 'number' || !Number.isInteger(n))
          issues.push(typeIssue(at('agent_config', 'max_steps'), 'int', n));
        else if (n < 1 || n > 500)
          issues.push({
            code: n < 1 ? 'too_small' : 'too_big',
            path: at('agent_config', 'max_steps'),
            message: n < 1 ? 'Too small: expected number to be >=1' : 'Too big: expected number to be <=500',
          });
        else maxSteps = n;
      }
    }
  }

  if (body.webhook_url !== undefined) {
    if (
      typeof body.webhook_url !== 'string' ||
      !body.webhook_url.startsWith('https://') ||
      !isHttpUrl(body.webhook_url)
    )
      issues.push(urlIssue(at('webhook_url'), 'Invalid URL: webhook_url must be an https:// URL'));
  }

  const schema = body.output_schema;
  if (schema !== undefined && typeof schema !== 'boolean' && !isPlainObject(schema))
    issues.push(typeIssue(at('output_schema'), 'boolean or object', schema));

  let recording = false;
  if (body.capture_config !== undefined) {
    const capture = body.capture_config;
    if (!isPlainObject(capture)) issues.push(typeIssue(at('capture_config'), 'object', capture));
    else {
      for (const key of ['elements', 'snapshots', 'screenshots', 'recording']) {
        if (capture[key] !== undefined && typeof capture[key] !== 'boolean')
          issues.push(typeIssue(at('capture_config', key), 'boolean', capture[key]));
      }
      recording = capture.recording === true;
    }
  }

  if (body.use_vault !== undefined && typeof body.use_vault !== 'boolean')
    issues.push(typeIssue(at('use_vault'), 'boolean', body.use_vault));
  if (body.credential_item_ids !== undefined) {
    const ids = body.credential_item_ids;
    if (
      !Array.isArray(ids) ||
      ids.length === 0 ||
      ids.some((id) => typeof id !== 'string' || id.length === 0)
    )
      issues.push(
        customIssue(
          at('credential_item_ids'),
          'Invalid input: expected a non-empty array of non-empty strings',
        ),
      );
    else if (body.use_vault !== true)
      issues.push(
        customIssue(at('credential_item_ids'), 'credential_item_ids requires use_vault to be true'),
      );
  }

  return {
    goal: typeof body.goal === 'string' ? body.goal : '',
    url: typeof body.url === 'string' ? body.url : null,
    proxy_enabled: proxyEnabled,
    proxy_country_code: proxyCountry,
    max_steps: maxSteps,
    output_schema: isPlainObject(schema) ? schema : null,
    has_output_schema: isPlainObject(schema) || schema === true,
    recording,
  };
}

function isHttpUrl(s: string): boolean {
  if (!URL.canParse(s)) return false;
  const { protocol } = new URL(s);
  return protocol === 'https:' || protocol === 'http:';
}

function urlIssue(path: (string | number)[], message: string): InputIssue {
  return { code: 'invalid_format', path, message };
}

function enumIssue(path: (string | number)[], values: readonly string[]): InputIssue {
  return {
    code: 'invalid_value',
    path,
    message: `Invalid option: expected one of ${values.map((v) => JSON.stringify(v)).join('|')}`,
  };
}
