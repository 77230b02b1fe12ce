import type { ComponentProps, Key, ReactNode } from 'react';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { cn } from '@/lib/utils';

/**
 * The width from which a column is shown. Narrow screens (a 375 px phone) keep only the columns
 * with no `from`; the row's first cell carries what a hidden column would have said.
 */
export type ColumnFrom = 'sm' | 'md' | 'lg' | 'xl' | '2xl';

// Written out whole so that Tailwind finds the class names in the source.
const SHOWN_FROM: Record<ColumnFrom, string> = {
  sm: 'hidden sm:table-cell',
  md: 'hidden md:table-cell',
  lg: 'hidden lg:table-cell',
  xl: 'hidden xl:table-cell',
  '2xl': 'hidden 2xl:table-cell',
};

export interface Column<T> {
  /** Stable and unique within the table: React's key for the header and the cells. */
  id: string;
  /** The header's text; with `srOnlyHeader`, read by screen readers only (an actions column). */
  header: ReactNode;
  srOnlyHeader?: boolean;
  from?: ColumnFrom;
  /** Numbers and dates line up on the right, in the header and the cells alike. */
  align?: 'right';
  /** Classes of the header only (a width). */
  headClassName?: string;
  /** Classes of every cell of the column (width, truncation). */
  className?: string;
  /** Secondary information (dates, targets): drawn in the muted colour. */
  muted?: boolean;
  /** The cell's `data-testid`, for the columns tests read. */
  testId?: string;
  cell: (row: T) => ReactNode;
}

/**
 * A column of figures: right-aligned, with digits of one width so that the rows line up.
 *
 * @example
 * figureColumn<Step>('p95', 'p95', (s) => formatMs(s.p95), 'sm')
 */
export function figureColumn<T>(
  id: string,
  header: ReactNode,
  cell: (row: T) => ReactNode,
  from?: ColumnFrom,
): Column<T> {
  return { id, header, from, align: 'right', className: 'tabular-nums', cell };
}

/**
 * A table drawn from its column definitions: one header row, then a row per item. Columns
 * may be given as `false` to leave them out (a column only some roles or widths see).
 *
 * @example
 * <DataTable
 *   testId="users-table"
 *   rows={users}
 *   rowProps={(u) => ({ 'data-testid': 'user-row' })}
 *   columns={[{ id: 'email', header: 'Email', cell: (u) => u.email }]}
 * />
 */
/** A row names itself by its `id`, or by its `key` where it has no id (a metric's row). */
type Keyed = { id: Key } | { key: Key };

export function DataTable<T extends Keyed>({
  rows,
  columns,
  rowProps,
  testId,
  className,
}: {
  rows: readonly T[];
  columns: readonly (Column<T> | false)[];
  /** Attributes of a row's `<tr>` (its test id and the data-* attributes tests select by). */
  rowProps?: (row: T) => ComponentProps<'tr'> & Record<`data-${string}`, unknown>;
  testId?: string;
  className?: string;
}) {
  const shown = columns.filter((c): c is Column<T> => c !== false);
  const placed = (c: Column<T>) => cn(c.from && SHOWN_FROM[c.from], c.align === 'right' && 'text-right');
  return (
    <Table className={className} data-testid={testId}>
      <TableHeader>
        <TableRow>
          {shown.map((c) => (
            <TableHead key={c.id} className={cn(placed(c), c.headClassName)}>
              {c.srOnlyHeader ? <span className="sr-only">{c.header}</span> : c.header}
            </TableHead>
          ))}
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((row) => (
          <TableRow key={'id' in row ? row.id : row.key} {...rowProps?.(row)}>
            {shown.map((c) => (
              <TableCell
                key={c.id}
                className={cn(placed(c), c.muted && 'text-muted-foreground', c.className)}
                data-testid={c.testId}
              >
                {c.cell(row)}
              </TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
