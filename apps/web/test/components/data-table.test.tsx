// @vitest-environment happy-dom
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { type Column, DataTable } from '@/components/shared/data-table';

type Row = { id: number; name: string; age: number };

const ROWS: Row[] = [
  { id: 1, name: 'Ada', age: 36 },
  { id: 2, name: 'Grace', age: 85 },
];

const COLUMNS: (Column<Row> | false)[] = [
  { id: 'name', header: 'Name', cell: (r) => r.name },
  { id: 'age', header: 'Age', from: 'md', align: 'right', muted: true, testId: 'age', cell: (r) => r.age },
  false,
  { id: 'actions', header: 'Actions', srOnlyHeader: true, headClassName: 'w-12', cell: () => '⋯' },
];

afterEach(cleanup);

describe('DataTable', () => {
  it('draws a header and a row per item from the column definitions, leaving out `false` columns', () => {
    render(
      <DataTable
        testId="people"
        rows={ROWS}
        columns={COLUMNS}
        rowProps={(r) => ({ 'data-testid': 'person', 'data-name': r.name })}
      />,
    );
    const table = screen.getByTestId('people');
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['Name', 'Age', 'Actions']);
    const rows = screen.getAllByTestId('person');
    expect(rows.map((r) => r.getAttribute('data-name'))).toEqual(['Ada', 'Grace']);
    expect(
      within(rows[1]!)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['Grace', '85', '⋯']);
  });

  it('hides a column below its width in the header and the cells alike, and aligns and mutes it', () => {
    render(<DataTable rows={ROWS} columns={COLUMNS} />);
    const head = screen.getByRole('columnheader', { name: 'Age' });
    const cell = screen.getAllByTestId('age')[0]!;
    for (const el of [head, cell]) {
      expect(el.className).toContain('hidden');
      expect(el.className).toContain('md:table-cell');
      expect(el.className).toContain('text-right');
    }
    expect(cell.className).toContain('text-muted-foreground');
    // A column shown at every width carries no `hidden`, so a 375 px phone keeps it.
    expect(screen.getByRole('columnheader', { name: 'Name' }).className).not.toContain('hidden');
  });

  it('labels an actions column for screen readers only', () => {
    render(<DataTable rows={ROWS} columns={COLUMNS} />);
    const head = screen.getByRole('columnheader', { name: 'Actions' });
    expect(head.querySelector('.sr-only')?.textContent).toBe('Actions');
    expect(head.className).toContain('w-12');
  });
});
