/** Alert settings: windows, webhooks and regression tuning read from the configuration. */
import { describe, expect, it } from 'vitest';
import { readAlertSettings, redactWebhookUrl } from '../src/alerts/index.js';
import { ConfigError, loadConfig } from '../src/config/index.js';

describe('alert settings', () => {
  it('default to a 20-run window and regression checks for scheduled scenarios', () => {
    expect(readAlertSettings({}, true)).toEqual({
      window: { kind: 'runs', runs: 20 },
      minRuns: 1,
      webhookUrl: null,
      regression: {
        metric: 'total_duration_ms',
        windowRuns: 30,
        baselineRuns: 100,
        alpha: 0.01,
        minRuns: 20,
      },
      warnings: [],
    });
    expect(readAlertSettings({}, false).regression).toBeNull();
    expect(readAlertSettings({ regression: false }, true).regression).toBeNull();
  });

  it('read windows, webhooks and regression tuning, and ignore bad values with a warning', () => {
    const settings = readAlertSettings(
      {
        alert_window_s: 3600,
        alert_window_runs: 5,
        alert_min_runs: 3,
        alert_webhook_url: 'https://hooks.example.com/x',
        regression: { metric: 'ttft_ms', window_runs: 10, alpha: 'small' },
      },
      false,
    );
    expect(settings).toMatchObject({
      window: { kind: 'time', seconds: 3600 },
      minRuns: 3,
      webhookUrl: 'https://hooks.example.com/x',
      regression: { metric: 'ttft_ms', windowRuns: 10, baselineRuns: 100, alpha: 0.01 },
    });
    expect(settings.warnings).toEqual([
      'run_settings.regression.alpha ignored: must be a number between 0 and 0.5',
    ]);
    const bad = readAlertSettings(
      { alert_window_runs: -1, alert_webhook_url: 'ftp://x', regression: 'yes' },
      true,
    );
    expect(bad.window).toEqual({ kind: 'runs', runs: 20 });
    expect(bad.webhookUrl).toBeNull();
    expect(bad.warnings).toHaveLength(3);
  });

  it('take the global webhook from ALERT_WEBHOOK_URL, never echoing a bad value', () => {
    expect(loadConfig({}).alerts.webhookUrl).toBeUndefined();
    expect(
      loadConfig({ ALERT_WEBHOOK_URL: 'https://hooks.slack.com/services/T/B/X' }).alerts.webhookUrl,
    ).toBe('https://hooks.slack.com/services/T/B/X');
    expect(() => loadConfig({ ALERT_WEBHOOK_URL: 'hooks.slack.com/services/T/B/SECRET' })).toThrow(
      ConfigError,
    );
    expect(() => loadConfig({ ALERT_WEBHOOK_URL: 'hooks.slack.com/services/T/B/SECRET' })).toThrow(
      /ALERT_WEBHOOK_URL="\*\*\*" is invalid/,
    );
  });

  it('keep the secret path of a webhook out of what is stored', () => {
    expect(redactWebhookUrl('https://hooks.slack.com/services/T0/B0/XYZ')).toBe('https://hooks.slack.com/…');
    expect(redactWebhookUrl('http://127.0.0.1:9/')).toBe('http://127.0.0.1:9/');
  });
});
