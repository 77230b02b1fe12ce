import { describe, expect, it } from 'vitest';
import {
  buildRunBody,
  errorFromHttpResponse,
  errorFromRunFailure,
  parseRunSnapshot,
  serverDurationMs,
} from '../src/index.js';

describe('errorFromHttpResponse', () => {
  it('maps every documented envelope code and keeps the upstream words', () => {
    const codes = [
      ['MISSING_API_KEY', 401],
      ['INVALID_API_KEY', 401],
      ['UNAUTHORIZED', 401],
      ['INSUFFICIENT_CREDITS', 403],
      ['FORBIDDEN', 403],
      ['INVALID_INPUT', 400],
      ['NOT_FOUND', 404],
      ['RATE_LIMIT_EXCEEDED', 429],
      ['SERVICE_BUSY', 503],
      ['INTERNAL_ERROR', 500],
      ['TIMEOUT', 500],
    ] as const;
    for (const [code, status] of codes) {
      const error = errorFromHttpResponse(status, { error: { code, message: `message of ${code}` } });
      expect(error).toMatchObject({
        code,
        http_status: status,
        upstream_code: code,
        upstream_message: `message of ${code}`,
      });
    }
  });

  it('keeps validation details and retry_after', () => {
    const error = errorFromHttpResponse(400, {
      error: { code: 'INVALID_INPUT', message: 'bad', details: [{ path: ['url'] }], retry_after: 3 },
    });
    expect(error.details).toEqual({ issues: [{ path: ['url'] }] });
    expect(error.retry_after_s).toBe(3);
  });

  it('falls back on the HTTP status for bodies without an envelope', () => {
    expect(errorFromHttpResponse(502, null, '<html>Bad Gateway</html>')).toMatchObject({
      code: 'INTERNAL_ERROR',
      upstream_code: null,
      upstream_message: '<html>Bad Gateway</html>',
    });
    expect(errorFromHttpResponse(418, { message: 'teapot' })).toMatchObject({
      code: 'UPSTREAM_HTTP_ERROR',
      upstream_message: 'teapot',
    });
    expect(errorFromHttpResponse(429, null).code).toBe('RATE_LIMIT_EXCEEDED');
    expect(errorFromHttpResponse(401, { error: { code: 'SOMETHING_NEW', message: 'x' } })).toMatchObject({
      code: 'UNAUTHORIZED',
      upstream_code: 'SOMETHING_NEW',
    });
  });
});

describe('errorFromRunFailure', () => {
  const base = { category: null, retry_after: null, help_url: null, help_message: null };
  it('keeps known run-level codes by name', () => {
    for (const code of [
      'max_steps_exceeded',
      'site_blocked',
      'task_failed',
      'content_policy_violation',
      'service_busy',
    ]) {
      expect(errorFromRunFailure({ ...base, code, message: 'm' }, 'FAILED', 200).code).toBe(
        code.toUpperCase(),
      );
    }
  });

  it('classifies by category and message when there is no code', () => {
    expect(
      errorFromRunFailure(
        { ...base, code: null, message: 'No credits', category: 'BILLING_FAILURE' },
        'FAILED',
        200,
      ).code,
    ).toBe('INSUFFICIENT_CREDITS');
    expect(
      errorFromRunFailure({ ...base, code: null, message: 'Reached max steps' }, 'FAILED', 200).code,
    ).toBe('MAX_STEPS_EXCEEDED');
    expect(
      errorFromRunFailure({ ...base, code: null, message: 'Access denied: site blocked us' }, 'FAILED', 200)
        .code,
    ).toBe('SITE_BLOCKED');
    const generic = errorFromRunFailure(
      { ...base, code: null, message: 'Browser crashed during execution' },
      'FAILED',
      500,
    );
    expect(generic).toMatchObject({
      code: 'RUN_FAILED',
      message: 'run FAILED: Browser crashed during execution',
      http_status: 500,
      upstream_message: 'Browser crashed during execution',
    });
    expect(errorFromRunFailure(null, 'FAILED', 200).code).toBe('RUN_FAILED');
  });

  it('marks upstream cancellations CANCELLED', () => {
    expect(errorFromRunFailure(null, 'CANCELLED', 200)).toMatchObject({ code: 'CANCELLED' });
  });

  it('keeps help fields and retry_after', () => {
    const error = errorFromRunFailure(
      {
        code: 'service_busy',
        message: 'busy',
        category: 'SYSTEM_FAILURE',
        retry_after: 60,
        help_url: 'h',
        help_message: 'm',
      },
      'FAILED',
      200,
    );
    expect(error).toMatchObject({
      category: 'SYSTEM_FAILURE',
      retry_after_s: 60,
      details: { help_url: 'h', help_message: 'm' },
    });
  });
});

/** Documented run fields that reach TinyFish as they are. */
const DOCUMENTED_PASSTHROUGH = {
  browser_profile: 'stealth',
  agent_config: { max_steps: 20 },
  output_schema: { type: 'object' },
  proxy_config: { enabled: true },
  capture_config: { screenshots: true },
  api_integration: 'tfbench',
  webhook_url: 'https://hook.example.com',
  use_vault: true,
  credential_item_ids: ['c1'],
};

describe('buildRunBody', () => {
  it('sends only documented fields, prompt as goal, mock only to the mock', () => {
    const inputs = {
      url: 'https://example.com',
      prompt: 'Find the price',
      model: 'gpt',
      max_tokens: 5,
      ...DOCUMENTED_PASSTHROUGH,
      mock: { steps: 2 },
    };
    const live = buildRunBody(inputs, { mock: false });
    expect(live).toEqual({
      ok: true,
      body: { url: 'https://example.com', goal: 'Find the price', ...DOCUMENTED_PASSTHROUGH },
    });
    const mocked = buildRunBody(inputs, { mock: true });
    expect(mocked.ok && mocked.body.mock).toEqual({ steps: 2 });
    expect(buildRunBody({ url: 'u', goal: 'g', prompt: 'p' }, { mock: false })).toMatchObject({
      body: { goal: 'g' },
    });
  });

  it('in live mode names a missing url or goal', () => {
    expect(buildRunBody({ goal: 'g' }, { mock: false })).toMatchObject({
      ok: false,
      error: {
        code: 'INVALID_INPUT',
        message: expect.stringMatching(/^inputs\.url is missing/),
        details: { field: 'url' },
      },
    });
    expect(buildRunBody({ url: 'https://x' }, { mock: false })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', details: { field: 'goal' } },
    });
    expect(buildRunBody({ url: '  ', goal: 'g' }, { mock: false })).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/^inputs\.url must be a non-empty string/) },
    });
    expect(buildRunBody({ prompt: 'only a prompt' }, { mock: true })).toEqual({
      ok: true,
      body: { goal: 'only a prompt' },
    });
  });
});

describe('run documents', () => {
  it('reads the run object leniently, in both spellings', () => {
    expect(
      parseRunSnapshot({
        run_id: 'r',
        status: 'completed',
        resultJson: { a: 1 },
        streamingUrl: 'https://s',
        num_of_steps: 4,
        started_at: '2026-01-01T00:00:00.000Z',
        finished_at: '2026-01-01T00:00:02.500Z',
      }),
    ).toMatchObject({ status: 'COMPLETED', result: { a: 1 }, streaming_url: 'https://s', num_of_steps: 4 });
    expect(parseRunSnapshot({ run_id: 'r' })).toBeNull();
    expect(parseRunSnapshot('x')).toBeNull();
    expect(serverDurationMs('2026-01-01T00:00:00.000Z', '2026-01-01T00:00:02.500Z')).toBe(2500);
    expect(serverDurationMs(null, '2026-01-01T00:00:02.500Z')).toBeNull();
    expect(serverDurationMs('nope', '2026-01-01T00:00:02.500Z')).toBeNull();
  });
});
