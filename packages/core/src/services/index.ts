/**
 * The use cases of tfbench: `@tfbench/core/services`. Each is `verbNoun(deps, params)`,
 * one per file; routes, the worker and the CLI call these and nothing below them.
 * Errors are AppErrors (see `@tfbench/domain/errors`): NotFoundError 404, ConflictError 409,
 * ValidationError 400.
 */
export type { CreateAutomationInput, UpdateAutomationInput } from './automation-input.js';
export {
  type AutomationView,
  type CredentialChanges,
  presentAutomation,
  splitCredentials,
} from './automation-secrets.js';
export { cloneScenario, copyNameCandidates } from './clone-scenario.js';
export { createAutomation } from './create-automation.js';
export { createScenario } from './create-scenario.js';
export { BudgetExhaustedError, checkDailyBudget, startOfUtcDay } from './daily-budget.js';
export { type DeleteAutomationResult, deleteAutomation } from './delete-automation.js';
export type { DeletedCounts, DeleteOptions } from './delete-options.js';
export { type DeleteScenarioResult, deleteScenario } from './delete-scenario.js';
export {
  type CoreDeps,
  type CredentialSettings,
  DEFAULT_LIMIT,
  MAX_LIMIT,
  type PageParams,
  type Paginated,
} from './deps.js';
export { getAutomation } from './get-automation.js';
export {
  type DashboardKpiParams,
  type DashboardKpis,
  getDashboardKpis,
  type LatencyStats,
  statsOfSketch,
} from './get-dashboard-kpis.js';
export { type DatabaseHealth, getDatabaseHealth } from './get-database-health.js';
export { getRun, type RunWithEvents } from './get-run.js';
export { getScenario } from './get-scenario.js';
export { listAutomations } from './list-automations.js';
export { type ListRunsParams, listRuns } from './list-runs.js';
export { type ListScenariosParams, listScenarios } from './list-scenarios.js';
export { MAX_RUN_SEARCH_LENGTH, type RunFilterParams } from './run-filter-params.js';
export type { CreateScenarioInput, UpdateScenarioInput } from './scenario-input.js';
export { resolveRunInputs, type TriggerRunParams, triggerRun } from './trigger-run.js';
export { updateAutomation } from './update-automation.js';
export { updateScenario } from './update-scenario.js';
