'use client';

import { ChevronLeftIcon, ChevronRightIcon } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { formatCount } from '@/lib/format';

/** Previous / next paging over `total` items, `pageSize` at a time, starting at `skip`. */
export function Pagination({
  skip,
  pageSize,
  total,
  shown,
  onChange,
}: {
  skip: number;
  pageSize: number;
  /** Total matching items, when the API reported it. */
  total: number | undefined;
  /** Items on the current page. */
  shown: number;
  onChange: (skip: number) => void;
}) {
  const hasNext = total !== undefined ? skip + shown < total : shown === pageSize;
  const from = shown === 0 ? 0 : skip + 1;
  return (
    <nav aria-label="Pagination" className="flex flex-wrap items-center justify-between gap-3 pt-3 text-sm">
      <p className="text-muted-foreground" data-testid="pagination-summary">
        {shown === 0
          ? 'No items'
          : `${formatCount(from)}–${formatCount(skip + shown)}${total !== undefined ? ` of ${formatCount(total)}` : ''}`}
      </p>
      <div className="flex gap-2">
        <Button
          variant="outline"
          size="sm"
          disabled={skip === 0}
          onClick={() => onChange(Math.max(0, skip - pageSize))}
        >
          <ChevronLeftIcon />
          Previous
        </Button>
        <Button variant="outline" size="sm" disabled={!hasNext} onClick={() => onChange(skip + pageSize)}>
          Next
          <ChevronRightIcon />
        </Button>
      </div>
    </nav>
  );
}
