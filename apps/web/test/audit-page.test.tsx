// @vitest-environment happy-dom
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import type { AuditEntry } from '@tfbench/contract';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuditTable } from '@/components/settings/audit-table';
import { TextFilter } from '@/components/shared/text-filter';

const ENTRIES: AuditEntry[] = [
  {
    id: 2,
    at: '2026-01-01T12:00:00Z',
    actor: 'user:admin@tfbench.test',
    ip: '127.0.0.1',
    action: 'api_key.create',
    target: 'api-keys/4',
    status: 201,
  },
  {
    id: 1,
    at: '2026-01-01T11:00:00Z',
    actor: 'anonymous',
    ip: null,
    action: 'auth.login_failed',
    target: null,
    status: 401,
  },
];

describe('the audit table', () => {
  it('shows each entry with its actor, target, address and outcome', () => {
    render(<AuditTable entries={ENTRIES} />);
    const rows = screen.getAllByTestId('audit-row');
    expect(rows.map((r) => r.dataset.action)).toEqual(['api_key.create', 'auth.login_failed']);
    const created = within(rows[0] as HTMLElement);
    expect(created.getAllByText('user:admin@tfbench.test').length).toBeGreaterThan(0);
    expect(created.getByText('api-keys/4')).toBeTruthy();
    expect(created.getByText('127.0.0.1')).toBeTruthy();
    expect(created.getByText(/ok · 201/)).toBeTruthy();
    // A failed sign-in has no target nor address: a dash, never "null".
    const failed = rows[1] as HTMLElement;
    expect(within(failed).getByText(/failed · 401/)).toBeTruthy();
    expect(failed.textContent).not.toContain('null');
  });
});

describe('a text filter', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reports the trimmed text once typing pauses, and undefined when cleared', () => {
    vi.useFakeTimers();
    const onChange = vi.fn();
    const { rerender } = render(
      <TextFilter id="filter-action" label="Action" placeholder="" value="" onChange={onChange} />,
    );
    const box = screen.getByTestId('filter-action');
    fireEvent.change(box, { target: { value: ' run.' } });
    fireEvent.change(box, { target: { value: ' run.cancel ' } });
    act(() => vi.advanceTimersByTime(299));
    expect(onChange).not.toHaveBeenCalled();
    act(() => vi.advanceTimersByTime(1));
    expect(onChange).toHaveBeenCalledTimes(1);
    expect(onChange).toHaveBeenLastCalledWith('run.cancel');

    // The URL now holds the filter; clearing the box clears it.
    rerender(
      <TextFilter id="filter-action" label="Action" placeholder="" value="run.cancel" onChange={onChange} />,
    );
    fireEvent.change(box, { target: { value: '' } });
    act(() => vi.advanceTimersByTime(300));
    expect(onChange).toHaveBeenLastCalledWith(undefined);
  });
});
