import type * as React from 'react';
import { cn } from '@/lib/utils';
import { part } from './part';

/** A data table that scrolls sideways inside its container on narrow screens. */
function Table({ className, ...props }: React.ComponentProps<'table'>) {
  return (
    <div data-slot="table-container" className="relative w-full overflow-x-auto">
      <table data-slot="table" className={cn('w-full caption-bottom text-sm', className)} {...props} />
    </div>
  );
}

const TableHeader = part('thead', 'table-header', '[&_tr]:border-b');
const TableBody = part('tbody', 'table-body', '[&_tr:last-child]:border-0');
const TableRow = part(
  'tr',
  'table-row',
  'border-b transition-colors hover:bg-muted/50 data-[state=selected]:bg-muted',
);
const TableHead = part(
  'th',
  'table-head',
  'h-10 whitespace-nowrap px-2 text-left sm:px-3 align-middle text-xs font-medium uppercase tracking-wide text-muted-foreground',
);
const TableCell = part('td', 'table-cell', 'whitespace-nowrap px-2 py-2.5 align-middle sm:px-3');
const TableCaption = part('caption', 'table-caption', 'mt-3 text-sm text-muted-foreground');

export { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow };
