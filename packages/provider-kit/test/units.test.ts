import { describe, expect, it } from 'vitest';
import { codeForHttpStatus, networkError, Redactor } from '../src/errors.js';
import { backoffMs, retryAfterMs, retryWaitMs } from '../src/retry.js';

const policy = { max_attempts: 3, base_delay_ms: 500, max_delay_ms: 8000, max_retry_after_ms: 60_000 };

describe('codeForHttpStatus', () => {
  it('names the common statuses, any other 5xx as internal, the rest as an HTTP error', () => {
    expect(codeForHttpStatus(401)).toBe('UNAUTHORIZED');
    expect(codeForHttpStatus(429)).toBe('RATE_LIMIT_EXCEEDED');
    expect(codeForHttpStatus(503)).toBe('SERVICE_BUSY');
    expect(codeForHttpStatus(502)).toBe('INTERNAL_ERROR');
    expect(codeForHttpStatus(418)).toBe('UPSTREAM_HTTP_ERROR');
  });
});

describe('networkError and Redactor', () => {
  it('names the system cause', () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    expect(networkError(cause, 'before any response')).toMatchObject({
      code: 'NETWORK_ERROR',
      message: 'network error before any response: ECONNREFUSED',
      details: { cause: 'ECONNREFUSED' },
    });
  });

  it('redacts secrets in text and deep in JSON, and ignores too-short secrets', () => {
    const redactor = new Redactor(['sk-live-abcdef123456', undefined, 'abc']);
    expect(redactor.text('key sk-live-abcdef123456 twice sk-live-abcdef123456')).toBe('key *** twice ***');
    expect(redactor.json({ a: ['x sk-live-abcdef123456'], 'sk-live-abcdef123456': 1 })).toEqual({
      a: ['x ***'],
      '***': 1,
    });
    const clean = { a: 'abc' };
    expect(redactor.json(clean)).toBe(clean);
  });
});

describe('retry timing', () => {
  it('reads retry-after-ms, Retry-After seconds and dates, then the body', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs({ 'retry-after-ms': '250', 'retry-after': '9' }, 5, now)).toBe(250);
    expect(retryAfterMs({ 'retry-after': '2' }, 5, now)).toBe(2000);
    expect(retryAfterMs({ 'retry-after': '1.5' }, null, now)).toBe(1500);
    expect(retryAfterMs({ 'retry-after': 'Thu, 01 Jan 2026 00:00:03 GMT' }, null, now)).toBe(3000);
    expect(retryAfterMs({ 'retry-after': 'Wed, 31 Dec 2025 23:59:00 GMT' }, null, now)).toBe(0);
    expect(retryAfterMs({ 'retry-after': 'soon' }, 4, now)).toBe(4000);
    expect(retryAfterMs({}, null, now)).toBeNull();
  });

  it('backs off exponentially with equal jitter, capped', () => {
    expect(backoffMs(1, policy, () => 0)).toBe(250);
    expect(backoffMs(1, policy, () => 1)).toBe(500);
    expect(backoffMs(3, policy, () => 0)).toBe(1000);
    expect(backoffMs(10, policy, () => 1)).toBe(8000);
  });

  it('waits at least what the server asked, capped at max_retry_after_ms', () => {
    expect(retryWaitMs(1, policy, 2000, () => 0)).toBe(2000);
    expect(retryWaitMs(1, policy, 100, () => 1)).toBe(500);
    expect(retryWaitMs(1, policy, 3_600_000, () => 0)).toBe(60_000);
    expect(retryWaitMs(1, { ...policy, max_retry_after_ms: 1000 }, 5000, () => 0)).toBe(1000);
  });
});
