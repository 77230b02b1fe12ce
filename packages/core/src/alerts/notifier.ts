/**
 * Delivering alert notifications to webhooks, with retries and a record of every attempt.
 *
 * A delivery is retried with exponential back-off (equal jitter) when the receiver cannot be
 * reached, times out, or answers 429 or 5xx — a Retry-After it sends is honoured up to the
 * cap; any other answer is final. Every attempt, successful or not, is a row of
 * `alert_deliveries`. Deliveries run in the background of the process that evaluated the
 * alert: the run that triggered the evaluation is never held up by a slow receiver.
 *
 * Deliveries go through the outbound guard (../net): http(s) only, no blocked addresses
 * unless allowlisted, no redirects; a refused target is final, not retried. With a secret
 * each delivery carries `X-Tfbench-Signature` (docs/security.md shows how to verify it).
 */
import type { AlertEvent } from '@tfbench/domain/model';
import type { DatabaseHandle } from '../db/database.js';
import type { Alert, Scenario } from '../db/schema.js';
import {
  OutboundBlockedError,
  type OutboundPolicy,
  type Resolver,
  SIGNATURE_HEADER,
  STRICT_OUTBOUND_POLICY,
  sendOutbound,
  signWebhookBody,
} from '../net/index.js';
import type { Logger } from '../queue/index.js';
import { insertAlertDelivery } from '../repositories/alerts.js';
import { alertMessage } from './message.js';

export interface NotifierOptions {
  db: DatabaseHandle;
  logger?: Logger;
  /** Tries per notification, the first included (default 5). */
  maxAttempts?: number;
  /** Back-off before the second try; doubles each time (default 1 s). */
  baseDelayMs?: number;
  /** Longest wait between two tries, Retry-After included (default 60 s). */
  maxDelayMs?: number;
  /** Budget of one try, connect to last byte (default 10 s). */
  timeoutMs?: number;
  /** Which addresses deliveries may reach (default: public unicast only). */
  policy?: OutboundPolicy;
  /** Secret of the `X-Tfbench-Signature` header; none: deliveries go unsigned. */
  secret?: string | null;
  /** How names are resolved (tests); default: the system resolver. */
  resolve?: Resolver;
}

/** How deliveries are guarded and signed; part of what the engine passes down. */
export interface DeliverySettings {
  policy: OutboundPolicy;
  secret: string | null;
}

/** How one notification ended. */
export interface DeliveryOutcome {
  alert_id: number;
  event: AlertEvent;
  delivered: boolean;
  attempts: number;
}

/** Sends notifications and keeps track of those still under way. */
export interface AlertNotifier {
  /** Starts delivering; the promise settles when it is delivered or given up (never rejects). */
  notify(
    alert: Alert,
    scenario: Pick<Scenario, 'id' | 'name'>,
    event: AlertEvent,
    url: string,
  ): Promise<DeliveryOutcome>;
  /** Resolves when every delivery started so far has ended. */
  drain(): Promise<void>;
}

/** scheme://host[:port]/… — chat webhooks carry their secret in the path, so it is not stored. */
export function redactWebhookUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname === '/' ? '/' : '/…'}`;
  } catch {
    return '(invalid URL)';
  }
}

function retryable(status: number): boolean {
  return status === 429 || status >= 500;
}

/** Retry-After in ms (seconds or an HTTP date), or null. */
function retryAfterMs(header: string | null, now: number): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

function errorText(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
    const detail = cause?.code ?? cause?.message;
    return detail ? `${error.message} (${detail})` : error.message;
  }
  return String(error);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * @example
 * const notifier = createAlertNotifier({ db });
 * await notifier.notify(alert, scenario, 'firing', 'https://hooks.slack.com/services/...');
 */
export function createAlertNotifier(options: NotifierOptions): AlertNotifier {
  const maxAttempts = options.maxAttempts ?? 5;
  const baseDelayMs = options.baseDelayMs ?? 1_000;
  const maxDelayMs = options.maxDelayMs ?? 60_000;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const policy = options.policy ?? STRICT_OUTBOUND_POLICY;
  const inFlight = new Set<Promise<DeliveryOutcome>>();

  async function attempt(url: string, body: string) {
    const started = performance.now();
    try {
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'user-agent': 'tfbench-alerts',
      };
      if (options.secret) {
        headers[SIGNATURE_HEADER] = signWebhookBody(options.secret, body, Math.floor(Date.now() / 1000));
      }
      const response = await sendOutbound({
        url,
        method: 'POST',
        headers,
        body,
        timeoutMs,
        policy,
        resolve: options.resolve,
      });
      const retryAfter = response.headers['retry-after'];
      return {
        status: response.status,
        retryAfter: typeof retryAfter === 'string' ? retryAfter : null,
        error: null,
        blocked: false,
        durationMs: performance.now() - started,
      };
    } catch (error) {
      const blocked =
        error instanceof OutboundBlockedError ||
        (error as { cause?: unknown }).cause instanceof OutboundBlockedError;
      return {
        status: null,
        retryAfter: null,
        error: blocked ? `refused: ${(error as Error).message}` : errorText(error),
        blocked,
        durationMs: performance.now() - started,
      };
    }
  }

  async function deliver(
    alert: Alert,
    scenario: Pick<Scenario, 'id' | 'name'>,
    event: AlertEvent,
    url: string,
  ): Promise<DeliveryOutcome> {
    const body = JSON.stringify(alertMessage(alert, scenario, event));
    const target = redactWebhookUrl(url);
    for (let n = 1; n <= maxAttempts; n++) {
      const result = await attempt(url, body);
      const delivered = result.status !== null && result.status >= 200 && result.status < 300;
      const error =
        result.error ??
        (delivered ? null : `the receiver answered HTTP ${result.status ?? 'without a status'}`);
      try {
        await insertAlertDelivery(options.db.db, {
          alert_id: alert.id,
          event,
          attempt: n,
          target,
          delivered,
          http_status: result.status,
          error,
          duration_ms: result.durationMs,
        });
      } catch (recordError) {
        // The alert may have been deleted with its scenario meanwhile; the delivery goes on.
        options.logger?.warn({ alert_id: alert.id, err: recordError }, 'could not record an alert delivery');
      }
      if (delivered) return { alert_id: alert.id, event, delivered: true, attempts: n };
      const retry = !result.blocked && (result.status === null || retryable(result.status));
      if (!retry || n === maxAttempts) {
        options.logger?.warn(
          { alert_id: alert.id, event, attempts: n, target, error },
          'alert notification not delivered',
        );
        return { alert_id: alert.id, event, delivered: false, attempts: n };
      }
      const backoff = Math.min(maxDelayMs, baseDelayMs * 2 ** (n - 1));
      const jittered = backoff / 2 + Math.random() * (backoff / 2);
      const asked = retryAfterMs(result.retryAfter, Date.now());
      await sleep(Math.min(maxDelayMs, Math.max(jittered, asked ?? 0)));
    }
    return { alert_id: alert.id, event, delivered: false, attempts: maxAttempts };
  }

  return {
    notify(alert, scenario, event, url) {
      const delivery = deliver(alert, scenario, event, url);
      inFlight.add(delivery);
      void delivery.finally(() => inFlight.delete(delivery));
      return delivery;
    },
    async drain() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}
