import type { Scenario } from '@tfbench/contract';

/**
 * A stored scenario: unscheduled, one success-rate threshold, no assertions, with `values` on top.
 *
 * @example
 * scenarioOf({ id: 5, name: 'Search for shoes' });
 */
export function scenarioOf(values: Partial<Scenario>): Scenario {
  return {
    id: 1,
    name: 'Scenario',
    key: null,
    automation_id: 1,
    description: null,
    inputs_template: {},
    run_settings: {},
    thresholds: ['success_rate >= 0.9'],
    assertions: [],
    schedule_enabled: false,
    next_run_at: null,
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
    ...values,
  };
}
