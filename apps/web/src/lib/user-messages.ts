/**
 * The API's errors in the words of the person using the dashboard. The API speaks to
 * programs: field paths such as `thresholds.0`, query flags such as `cascade=true`, row ids.
 * Forms and toasts show what to do instead, in terms of the form's own labels.
 */
import { ApiError } from './api';

/** Lists a form edits one item per line, and what one line is called. */
const LINE_ITEMS: Record<string, string> = {
  thresholds: 'Threshold',
};

/** Lists a form edits as one JSON array, and what one element is called (counted from 1). */
const ARRAY_ITEMS: Record<string, string> = {
  assertions: 'Assertion',
};

/** Names of API fields as the forms label them. */
const FIELD_LABELS: Record<string, string> = {
  name: 'Name',
  description: 'Description',
  automation_id: 'Automation',
  scenario_id: 'Scenario',
  iterations: 'Iterations',
  concurrency: 'Concurrency',
  arrival: 'Arrival',
  rate_per_s: 'Rate',
  warmup_runs: 'Warm-up runs',
  duration_s: 'Max duration',
  timeout_s: 'Timeout',
  max_lag_s: 'Max lag',
  seed: 'Seed',
  thresholds: 'Thresholds',
  assertions: 'Assertions',
  inputs_override: 'Inputs override',
  inputs_template: 'Inputs',
  default_inputs: 'Default inputs',
  run_settings: 'Run settings',
  interval_seconds: 'Interval',
  cron: 'Cron',
  alert_webhook_url: 'Alert webhook',
  config: 'Settings',
  mode: 'Mode',
  tinyfish_automation_id: 'TinyFish automation id',
};

function labelOf(key: string): string {
  return FIELD_LABELS[key] ?? key.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

/**
 * Where a field path points, in words.
 *
 * @example
 * describeField('thresholds.0'); // 'Threshold on line 1'
 * describeField('assertions.1.pattern'); // 'Assertion 2 (pattern)'
 * describeField('run_settings.timeout_s'); // 'Timeout'
 * describeField('inputs_override.mock.steps'); // 'Inputs override, key "mock.steps"'
 */
export function describeField(field: string): string {
  const [head = '', ...rest] = field.replace(/^body\./, '').split('.');
  const line = LINE_ITEMS[head];
  if (line && rest.length > 0 && /^\d+$/.test(rest[0] ?? '')) return `${line} on line ${Number(rest[0]) + 1}`;
  const element = ARRAY_ITEMS[head];
  if (element && rest.length > 0 && /^\d+$/.test(rest[0] ?? '')) {
    const inner = rest.slice(1).join('.');
    return `${element} ${Number(rest[0]) + 1}${inner ? ` (${inner})` : ''}`;
  }
  if (rest.length === 0) return labelOf(head);
  if (head === 'run_settings' || head === 'config') return labelOf(rest.join('.').split('.')[0] ?? '');
  if (/inputs/.test(head)) return `${labelOf(head)}, key "${rest.join('.')}"`;
  return `${labelOf(head)} (${rest.join('.')})`;
}

/**
 * One field's message as a form shows it: the field in words, then the reason without any
 * path the API put in front of it.
 *
 * @example
 * fieldMessage('thresholds.0', 'thresholds.0: unknown metric "p95(foo)"');
 * // 'Threshold on line 1: unknown metric "p95(foo)"'
 */
export function fieldMessage(field: string, message: string): string {
  const escaped = field.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const reason = message.replace(new RegExp(`^(body\\.)?${escaped}:?\\s*`), '');
  return `${describeField(field)}: ${reason}`;
}

/** `{scenarios: 2, runs: 40}` of a 409 as "2 scenarios and 40 runs". */
export function dependantsText(details: unknown): string {
  if (!details || typeof details !== 'object') return '';
  const out: string[] = [];
  for (const [key, value] of Object.entries(details as Record<string, unknown>)) {
    if (typeof value !== 'number' || key === 'id') continue;
    const noun = key.replace(/_/g, ' ');
    // The API names dependants in the plural ("scenarios"); one of them reads "1 scenario".
    out.push(`${value} ${value === 1 ? noun.replace(/s$/, '') : noun}`);
  }
  return out.join(' and ');
}

/**
 * Any failure as one sentence for a toast or a form: what happened and, where there is one,
 * what to do about it.
 *
 * @example
 * userMessage(new ApiError(409, 'CONFLICT', 'scenario 3 has 2 runs; ... pass cascade=true', { runs: 2 }));
 * // 'It is still used by 2 runs.'
 */
export function userMessage(error: unknown): string {
  if (!(error instanceof ApiError)) {
    const text = error instanceof Error ? error.message : String(error);
    return /fetch|network/i.test(text)
      ? 'The dashboard could not reach its server. Check your connection.'
      : text;
  }
  if (error.status === 0 || error.status === 502 || error.status === 504)
    return 'The API did not answer. Check that it is running, then try again.';
  if (error.status === 503) return 'The API is busy or one of its services is down. Try again in a moment.';
  if (error.status === 409) {
    const blockers = dependantsText(error.details);
    if (blockers) return `It is still used by ${blockers}.`;
    // Other conflicts (a name already taken) are worded for people already.
    if (!/cascade/.test(error.message)) return sentence(error.message);
    return 'It is still in use.';
  }
  if (error.status === 404 && !error.isMissingEndpoint)
    return 'It no longer exists: it may have been deleted. Reload the page.';
  const fields = Object.entries(error.fieldErrors);
  if (fields.length > 0) return fields.map(([field, message]) => fieldMessage(field, message)).join(' ');
  return error.message;
}

function sentence(text: string): string {
  const t = text.trim();
  return t ? `${t[0]?.toUpperCase()}${t.slice(1)}${/[.!?]$/.test(t) ? '' : '.'}` : t;
}
