/**
 * `@tfbench/core/config-as-code`: automations, datasets, scenarios and saved benchmark
 * definitions declared in a document under stable keys, exported from what is stored,
 * planned and applied back.
 */
export { type ApplyConfigurationInput, applyConfiguration } from './apply-configuration.js';
export { checkDocument } from './check-document.js';
export { exportConfiguration } from './export-configuration.js';
export { effectiveKeys, keyFromName } from './item-keys.js';
export {
  type ConfigurationPlan,
  describePlan,
  planConfiguration,
} from './plan-configuration.js';
export { loadStoredConfiguration, type StoredConfiguration } from './stored-configuration.js';
