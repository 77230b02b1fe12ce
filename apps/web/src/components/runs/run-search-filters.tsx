'use client';

import { SearchIcon } from 'lucide-react';
import { useEffect, useState } from 'react';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';

/** How long typing must pause before the search is sent: one request per word, not per key. */
const SEARCH_DEBOUNCE_MS = 300;

/**
 * The runs list's search box: run id, error code or message, upstream run id. The URL keeps
 * the search; typing updates it once the user pauses.
 */
export function RunSearch({ value, onChange }: { value: string; onChange: (q: string | undefined) => void }) {
  const [text, setText] = useState(value);
  // The URL is the source of truth: a cleared filter or a back navigation resets the box.
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    if (text.trim() === value.trim()) return;
    const timer = setTimeout(() => onChange(text.trim() || undefined), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, value, onChange]);
  return (
    <div className="grid w-full gap-1.5 sm:w-64">
      <Label htmlFor="filter-search" className="text-xs text-muted-foreground">
        Search
      </Label>
      <div className="relative">
        <SearchIcon
          className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground"
          aria-hidden="true"
        />
        <Input
          id="filter-search"
          type="search"
          className="pl-8"
          placeholder="Run id, error, upstream id"
          value={text}
          maxLength={200}
          onChange={(e) => setText(e.target.value)}
          data-testid="filter-search"
        />
      </div>
    </div>
  );
}

/** `iso` as the value of a datetime-local input, in the browser's time zone. */
export function toLocalInput(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

/** A datetime-local value (browser time zone) as an ISO instant; undefined when empty or invalid. */
export function fromLocalInput(value: string): string | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/**
 * From and to (created at or after / before) as two date-time fields in the browser's time
 * zone; the URL keeps them as ISO instants.
 */
export function DateRangeFilter({
  from,
  to,
  onChange,
}: {
  from: string | undefined;
  to: string | undefined;
  onChange: (range: { from: string | undefined; to: string | undefined }) => void;
}) {
  const invalid = from !== undefined && to !== undefined && Date.parse(from) >= Date.parse(to);
  return (
    <fieldset className="grid w-full grid-cols-1 gap-2 sm:w-auto sm:grid-cols-2" data-testid="filter-dates">
      <legend className="sr-only">Created between</legend>
      <div className="grid gap-1.5">
        <Label htmlFor="filter-from" className="text-xs text-muted-foreground">
          From
        </Label>
        <Input
          id="filter-from"
          type="datetime-local"
          className="sm:w-56"
          value={toLocalInput(from)}
          max={toLocalInput(to) || undefined}
          onChange={(e) => onChange({ from: fromLocalInput(e.target.value), to })}
          aria-invalid={invalid || undefined}
          aria-describedby={invalid ? 'filter-dates-error' : undefined}
          data-testid="filter-from"
        />
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="filter-to" className="text-xs text-muted-foreground">
          To
        </Label>
        <Input
          id="filter-to"
          type="datetime-local"
          className="sm:w-56"
          value={toLocalInput(to)}
          min={toLocalInput(from) || undefined}
          onChange={(e) => onChange({ from, to: fromLocalInput(e.target.value) })}
          aria-invalid={invalid || undefined}
          aria-describedby={invalid ? 'filter-dates-error' : undefined}
          data-testid="filter-to"
        />
      </div>
      {invalid ? (
        <p id="filter-dates-error" className="text-xs text-destructive sm:col-span-2">
          “From” must be before “To”.
        </p>
      ) : null}
    </fieldset>
  );
}
