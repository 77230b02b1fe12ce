/** The shapes shared by alert evaluation: what it needs, the verdicts it reaches, what it returns. */
import type { AlertKind, JsonObject } from '@tfbench/domain/model';
import type { DatabaseHandle } from '../db/database.js';
import type { Logger } from '../queue/index.js';
import type { selectAlertWindowRuns } from '../repositories/alerts.js';
import type { AlertNotifier, DeliveryOutcome, DeliverySettings } from './notifier.js';

/** What alert evaluation needs. */
export interface AlertDeps {
  db: DatabaseHandle;
  /** The global webhook (`ALERT_WEBHOOK_URL`); a scenario's `alert_webhook_url` wins over it. */
  webhookUrl?: string | null;
  /** How deliveries are guarded and signed (default: public addresses only, unsigned). */
  delivery?: DeliverySettings;
  /** Delivers notifications; default: a notifier with the standard retry policy. */
  notifier?: AlertNotifier;
  logger?: Logger;
}

/** The outcome of one rule in one evaluation. */
export interface RuleOutcome {
  kind: AlertKind;
  rule: string;
  /** ok: within bounds; breached: out of bounds; no_data: too few values to judge; error: the rule does not parse. */
  status: 'ok' | 'breached' | 'no_data' | 'error';
  observed: number | null;
  n: number;
  /** The state change this evaluation made, if any. */
  transition: 'fired' | 'resolved' | null;
  alert_id: number | null;
  error?: string;
}

export interface AlertEvaluation {
  scenario_id: number;
  /** False when the scenario is gone, or is neither scheduled nor has a firing alert. */
  evaluated: boolean;
  rules: RuleOutcome[];
  warnings: string[];
  /** Settles when every notification this evaluation started has been delivered or given up. */
  notifications: Promise<DeliveryOutcome[]>;
}

export type WindowRun = Awaited<ReturnType<typeof selectAlertWindowRuns>>[number];

/** A rule's verdict before it is applied to the stored state. */
export interface Verdict {
  kind: AlertKind;
  rule: string;
  status: RuleOutcome['status'];
  observed: number | null;
  n: number;
  details: JsonObject;
  error?: string;
}
