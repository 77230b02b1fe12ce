'use client';

import { RUN_STATUSES } from '@tfbench/contract';
import { Label } from '@/components/ui/label';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '@/components/ui/select';
import { queries } from '@/lib/api';
import { TIME_RANGES, type TimeRangeValue } from '@/lib/time-range';
import { useQuery } from '@/lib/use-query';

/** Radix Select cannot hold an empty value, so "no filter" is this sentinel. */
const ALL = 'all';

function FilterSelect({
  id,
  label,
  value,
  onChange,
  children,
  className = 'w-full sm:w-48',
  testId,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  children: React.ReactNode;
  className?: string;
  testId?: string;
}) {
  return (
    <div className={`grid gap-1.5 ${className}`}>
      <Label htmlFor={id} className="text-xs text-muted-foreground">
        {label}
      </Label>
      <Select value={value} onValueChange={onChange}>
        <SelectTrigger id={id} data-testid={testId}>
          <SelectValue />
        </SelectTrigger>
        <SelectContent>{children}</SelectContent>
      </Select>
    </div>
  );
}

/** Picks one of TIME_RANGES. */
export function TimeRangeFilter({
  value,
  onChange,
}: {
  value: TimeRangeValue;
  onChange: (v: TimeRangeValue) => void;
}) {
  return (
    <FilterSelect
      id="filter-range"
      label="Time range"
      value={value}
      onChange={(v) => onChange(v as TimeRangeValue)}
      testId="filter-range"
    >
      {TIME_RANGES.map((r) => (
        <SelectItem key={r.value} value={r.value}>
          {r.label}
        </SelectItem>
      ))}
    </FilterSelect>
  );
}

/** Picks a scenario, or all of them (undefined). */
export function ScenarioFilter({
  value,
  onChange,
}: {
  value: number | undefined;
  onChange: (v: number | undefined) => void;
}) {
  const scenarios = useQuery(queries.scenarios());
  const current = value === undefined ? ALL : String(value);
  const known = scenarios.data?.some((s) => s.id === value) ?? false;
  return (
    <FilterSelect
      id="filter-scenario"
      label="Scenario"
      value={current}
      onChange={(v) => onChange(v === ALL ? undefined : Number(v))}
      testId="filter-scenario"
    >
      <SelectItem value={ALL}>All scenarios</SelectItem>
      {value !== undefined && !known ? (
        <SelectItem value={String(value)}>Scenario #{value}</SelectItem>
      ) : null}
      {(scenarios.data ?? []).map((s) => (
        <SelectItem key={s.id} value={String(s.id)}>
          {s.name}
        </SelectItem>
      ))}
    </FilterSelect>
  );
}

/** Picks a run status, or all (undefined). */
export function StatusFilter({
  value,
  onChange,
}: {
  value: string | undefined;
  onChange: (v: string | undefined) => void;
}) {
  return (
    <FilterSelect
      id="filter-status"
      label="Status"
      value={value ?? ALL}
      onChange={(v) => onChange(v === ALL ? undefined : v)}
      className="w-full sm:w-40"
      testId="filter-status"
    >
      <SelectItem value={ALL}>All statuses</SelectItem>
      {RUN_STATUSES.map((s) => (
        <SelectItem key={s} value={s}>
          {s}
        </SelectItem>
      ))}
    </FilterSelect>
  );
}
