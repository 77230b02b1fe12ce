/**
 * One shape for an item whatever it came from: a stored row or a declared item. Plans compare
 * these field by field, and exports write them with their defaults left out, so an item
 * declared with its defaults spelled out and one declared without them are the same item.
 */
import type { ConfigAutomation, ConfigScenario } from '@tfbench/contract';
import type { Automation, Scenario } from '../db/schema.js';
import { runSettingsByKey } from './canonical-datasets.js';
import { sameJson } from './same-json.js';

/** An automation as configuration: what it does, without credentials. */
export interface CanonicalAutomation {
  name: string;
  description: string | null;
  tinyfish_automation_id: string | null;
  provider: string;
  default_inputs: Record<string, unknown>;
  config: Record<string, unknown>;
}

/** A scenario as configuration; its automation is compared by id, not here. */
export interface CanonicalScenario {
  name: string;
  description: string | null;
  inputs_template: Record<string, unknown>;
  run_settings: Record<string, unknown>;
  thresholds: string[];
  assertions: unknown[];
  schedule_enabled: boolean;
}

const AUTOMATION_DEFAULTS: Omit<CanonicalAutomation, 'name'> = {
  description: null,
  tinyfish_automation_id: null,
  provider: 'tinyfish',
  default_inputs: {},
  config: {},
};

const SCENARIO_DEFAULTS: Omit<CanonicalScenario, 'name'> = {
  description: null,
  inputs_template: {},
  run_settings: {},
  thresholds: [],
  assertions: [],
  schedule_enabled: false,
};

/**
 * The config fields that are never exported nor compared: credentials are write-only, and the
 * `*_set` flags are what a read says about them.
 */
const CREDENTIAL_FIELDS = ['api_key', 'headers', 'api_key_set', 'headers_set'] as const;

/** Credentials a declared automation gives: always sent, since the stored ones cannot be read. */
export function declaredCredentials(item: ConfigAutomation): string[] {
  const config = (item.config ?? {}) as Record<string, unknown>;
  return ['api_key', 'headers'].filter((field) => config[field] !== undefined).map((f) => `config.${f}`);
}

function withoutCredentials(config: Record<string, unknown>): Record<string, unknown> {
  const rest = { ...config };
  for (const field of CREDENTIAL_FIELDS) delete rest[field];
  return rest;
}

export function storedAutomation(row: Automation): CanonicalAutomation {
  return {
    name: row.name,
    description: row.description,
    tinyfish_automation_id: row.tinyfish_automation_id,
    provider: row.provider,
    default_inputs: row.default_inputs,
    config: withoutCredentials(row.config as Record<string, unknown>),
  };
}

export function declaredAutomation(item: ConfigAutomation): CanonicalAutomation {
  return {
    name: item.name,
    description: item.description ?? AUTOMATION_DEFAULTS.description,
    tinyfish_automation_id: item.tinyfish_automation_id ?? AUTOMATION_DEFAULTS.tinyfish_automation_id,
    provider: item.provider ?? AUTOMATION_DEFAULTS.provider,
    default_inputs: (item.default_inputs ?? AUTOMATION_DEFAULTS.default_inputs) as Record<string, unknown>,
    config: withoutCredentials((item.config ?? AUTOMATION_DEFAULTS.config) as Record<string, unknown>),
  };
}

/** `datasetKeys` names the dataset of run_settings.dataset by key, as a document does. */
export function storedScenario(row: Scenario, datasetKeys: ReadonlyMap<number, string>): CanonicalScenario {
  return {
    name: row.name,
    description: row.description,
    inputs_template: row.inputs_template,
    run_settings: runSettingsByKey(row.run_settings as Record<string, unknown>, datasetKeys),
    thresholds: row.thresholds,
    assertions: row.assertions,
    schedule_enabled: row.schedule_enabled,
  };
}

export function declaredScenario(item: ConfigScenario): CanonicalScenario {
  return {
    name: item.name,
    description: item.description ?? SCENARIO_DEFAULTS.description,
    inputs_template: item.inputs_template ?? SCENARIO_DEFAULTS.inputs_template,
    run_settings: (item.run_settings ?? SCENARIO_DEFAULTS.run_settings) as Record<string, unknown>,
    thresholds: item.thresholds ?? SCENARIO_DEFAULTS.thresholds,
    assertions: item.assertions ?? SCENARIO_DEFAULTS.assertions,
    schedule_enabled: item.schedule_enabled ?? SCENARIO_DEFAULTS.schedule_enabled,
  };
}

/** The fields whose values differ (JSON equality: object key order does not count). */
export function changedFields<T extends object>(current: T, wanted: T): string[] {
  return (Object.keys(wanted) as Array<keyof T & string>).filter(
    (field) => !sameJson(current[field], wanted[field]),
  );
}

/** Only the fields that differ from their defaults (and the provider): what an export writes. */
export function withoutDefaults<T extends { name: string }>(
  item: T,
  kind: 'automation' | 'scenario',
): Partial<T> {
  // The provider is written even at its default: it says which schema the rest follows.
  const { provider: _provider, ...automationDefaults } = AUTOMATION_DEFAULTS;
  const defaults = (kind === 'automation' ? automationDefaults : SCENARIO_DEFAULTS) as Record<
    string,
    unknown
  >;
  return Object.fromEntries(
    Object.entries(item).filter(
      ([field, value]) => !(field in defaults) || !sameJson(value, defaults[field]),
    ),
  ) as Partial<T>;
}
