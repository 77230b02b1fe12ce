// @vitest-environment happy-dom
import { cleanup, fireEvent, render, within } from '@testing-library/react';
import type { BenchmarkDefinition } from '@tfbench/contract';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SessionContext } from '@/components/auth/session';
import { loadSummary, SavedBenchmarksTable } from '@/components/benchmarks/saved-benchmarks';
import type { Role } from '@/lib/auth/types';

const DEFINITIONS: BenchmarkDefinition[] = [
  {
    id: 1,
    key: 'nightly',
    name: 'Nightly',
    scenario_id: 7,
    settings: { iterations: 50, concurrency: 5, arrival: 'poisson', rate_per_s: 2 },
    created_at: '2026-01-01T12:00:00Z',
    updated_at: '2026-01-01T12:00:00Z',
  },
  {
    id: 2,
    key: null,
    name: 'Smoke',
    scenario_id: 9,
    settings: { iterations: 3, concurrency: 1 },
    created_at: '2026-01-01T12:00:00Z',
    updated_at: '2026-01-01T12:00:00Z',
  },
];

function renderAs(role: Role) {
  const onRun = vi.fn();
  const onDelete = vi.fn();
  const session = {
    state: { kind: 'signed-in' as const, me: { user: null, role, via: 'off' as const } },
    signedIn() {},
    reload() {},
  };
  const { container } = render(
    <SessionContext.Provider value={session}>
      <SavedBenchmarksTable
        definitions={DEFINITIONS}
        scenarioNames={new Map([[7, 'Cheapest item']])}
        busy={2}
        onRun={onRun}
        onDelete={onDelete}
      />
    </SessionContext.Provider>,
  );
  return { onRun, onDelete, rows: within(container).getAllByTestId('saved-benchmark-row') };
}

describe('the saved benchmarks list', () => {
  afterEach(cleanup);

  it('shows each definition with its scenario and load, and runs or deletes the one pressed', () => {
    const { onRun, onDelete, rows } = renderAs('admin');
    expect(rows.map((row) => row.dataset.definitionId)).toEqual(['1', '2']);
    const nightly = within(rows[0] as HTMLElement);
    expect(nightly.getByText('Nightly')).toBeTruthy();
    expect(nightly.getAllByText('Cheapest item').length).toBeGreaterThan(0);
    expect(nightly.getAllByText('50 runs · poisson 2/s · concurrency 5').length).toBeGreaterThan(0);
    // A scenario the page does not know by name is shown by id, never as "undefined".
    expect(within(rows[1] as HTMLElement).getAllByText('Scenario #9').length).toBeGreaterThan(0);

    fireEvent.click(nightly.getByTestId('run-saved-benchmark'));
    expect(onRun).toHaveBeenCalledWith(DEFINITIONS[0]);
    fireEvent.click(nightly.getByTestId('delete-saved-benchmark'));
    expect(onDelete).toHaveBeenCalledWith(DEFINITIONS[0]);
    // The one being started waits.
    const smokeRun = within(rows[1] as HTMLElement).getByTestId('run-saved-benchmark') as HTMLButtonElement;
    expect(smokeRun.disabled).toBe(true);
  });

  it('lets a runner run but not delete, and a viewer do neither', () => {
    const runner = renderAs('runner');
    expect(within(runner.rows[0] as HTMLElement).queryByTestId('run-saved-benchmark')).toBeTruthy();
    expect(within(runner.rows[0] as HTMLElement).queryByTestId('delete-saved-benchmark')).toBeNull();
    cleanup();
    const viewer = renderAs('viewer');
    expect(within(viewer.rows[0] as HTMLElement).queryByTestId('run-saved-benchmark')).toBeNull();
  });

  it('summarises the load of staged and closed benchmarks', () => {
    expect(loadSummary({ iterations: 10, concurrency: 2 })).toBe('10 runs · closed · concurrency 2');
    expect(loadSummary({ iterations: 10, concurrency: 2, arrival: 'constant', stages: [{}, {}] })).toBe(
      '10 runs · constant · 2 stages · concurrency 2',
    );
  });
});
