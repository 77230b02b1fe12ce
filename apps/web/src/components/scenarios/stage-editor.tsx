'use client';

import { PlusIcon, XIcon } from 'lucide-react';
import { useId } from 'react';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { type StageRow, stageRow } from './benchmark-load-values';

/**
 * The stages of a ramping profile as rows of duration and target, each removable, with a button
 * that adds one holding the last target (a plateau, the usual next step). `unit` says what a
 * target is: runs per second (open arrivals) or runs in flight (closed).
 */
export function StageEditor({
  stages,
  onChange,
  unit,
  error,
  disabled,
}: {
  stages: StageRow[];
  onChange: (stages: StageRow[]) => void;
  unit: string;
  error?: string | undefined;
  disabled?: boolean;
}) {
  const id = useId();
  const update = (index: number, patch: Partial<StageRow>) =>
    onChange(stages.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  const add = () => onChange([...stages, stageRow('30', stages.at(-1)?.target ?? '1')]);
  const remove = (index: number) => onChange(stages.filter((_, i) => i !== index));
  return (
    <fieldset
      className="grid gap-2"
      data-testid="stage-editor"
      aria-describedby={error ? `${id}-error` : undefined}
    >
      <legend className="mb-1 text-sm font-medium">Stages</legend>
      <div className="grid grid-cols-[2rem_1fr_1fr_2.25rem] items-center gap-2 text-xs text-muted-foreground">
        <span aria-hidden="true">#</span>
        <span aria-hidden="true">Duration (s)</span>
        <span aria-hidden="true">Target ({unit})</span>
        <span />
        {stages.map((row, i) => (
          <StageInputs
            key={row.key}
            index={i}
            row={row}
            unit={unit}
            disabled={disabled}
            onChange={update}
            onRemove={remove}
            canRemove={stages.length > 1}
          />
        ))}
      </div>
      <div>
        <Button
          type="button"
          variant="outline"
          size="sm"
          onClick={add}
          disabled={disabled}
          data-testid="add-stage"
        >
          <PlusIcon />
          Add stage
        </Button>
      </div>
      {error ? (
        <p id={`${id}-error`} role="alert" className="text-sm text-destructive" data-testid="stages-error">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

function StageInputs({
  index,
  row,
  unit,
  disabled,
  canRemove,
  onChange,
  onRemove,
}: {
  index: number;
  row: StageRow;
  unit: string;
  disabled?: boolean | undefined;
  canRemove: boolean;
  onChange: (index: number, patch: Partial<StageRow>) => void;
  onRemove: (index: number) => void;
}) {
  const n = index + 1;
  return (
    <>
      <span className="text-sm tabular-nums text-muted-foreground">{n}</span>
      <Input
        inputMode="decimal"
        aria-label={`Stage ${n} duration (seconds)`}
        value={row.durationS}
        disabled={disabled}
        onChange={(e) => onChange(index, { durationS: e.target.value })}
      />
      <Input
        inputMode="decimal"
        aria-label={`Stage ${n} target (${unit})`}
        value={row.target}
        disabled={disabled}
        onChange={(e) => onChange(index, { target: e.target.value })}
      />
      <Button
        type="button"
        variant="ghost"
        size="icon"
        aria-label={`Remove stage ${n}`}
        disabled={disabled || !canRemove}
        onClick={() => onRemove(index)}
      >
        <XIcon />
      </Button>
    </>
  );
}
