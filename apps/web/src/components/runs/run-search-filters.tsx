'use client';

import { TextFilter } from '@/components/shared/text-filter';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';

/** The runs list's search box: run id, error code or message, upstream run id. */
export function RunSearch({ value, onChange }: { value: string; onChange: (q: string | undefined) => void }) {
  return (
    <TextFilter
      id="filter-search"
      label="Search"
      placeholder="Run id, error, upstream id"
      value={value}
      onChange={onChange}
    />
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
  /** Called with the one end that changed: the other end's prop may not have caught up yet. */
  onChange: (end: 'from' | 'to', value: string | undefined) => void;
}) {
  const invalid = from !== undefined && to !== undefined && Date.parse(from) >= Date.parse(to);
  return (
    <fieldset className="grid w-full grid-cols-1 gap-2 sm:w-auto sm:grid-cols-2" data-testid="filter-dates">
      <legend className="sr-only">Created between</legend>
      <DateField
        id="filter-from"
        label="From"
        value={from}
        max={to}
        invalid={invalid}
        onChange={(value) => onChange('from', value)}
      />
      <DateField
        id="filter-to"
        label="To"
        value={to}
        min={from}
        invalid={invalid}
        onChange={(value) => onChange('to', value)}
      />
      {invalid ? (
        <p id="filter-dates-error" className="text-xs text-destructive sm:col-span-2">
          “From” must be before “To”.
        </p>
      ) : null}
    </fieldset>
  );
}

/** One end of the range; `min` / `max` keep the browser's picker on the right side of the other end. */
function DateField({
  id,
  label,
  value,
  min,
  max,
  invalid,
  onChange,
}: {
  id: string;
  label: string;
  value: string | undefined;
  min?: string | undefined;
  max?: string | undefined;
  invalid: boolean;
  onChange: (value: string | undefined) => void;
}) {
  return (
    <div className="grid gap-1.5">
      <Label htmlFor={id} className="text-xs text-muted-foreground">
        {label}
      </Label>
      <Input
        id={id}
        type="datetime-local"
        className="sm:w-56"
        value={toLocalInput(value)}
        min={toLocalInput(min) || undefined}
        max={toLocalInput(max) || undefined}
        onChange={(e) => onChange(fromLocalInput(e.target.value))}
        aria-invalid={invalid || undefined}
        aria-describedby={invalid ? 'filter-dates-error' : undefined}
        data-testid={id}
      />
    </div>
  );
}
