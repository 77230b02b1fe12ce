'use client';

import { useId } from 'react';
import { Label } from '@/components/ui/label';
import { Switch } from '@/components/ui/switch';
import type { KeysOf } from './fields';
import type { FormBinding } from './use-form';

interface SwitchProps<S, K extends KeysOf<S, boolean>> {
  form: FormBinding<S>;
  name: K;
  label: string;
  disabled?: boolean;
}

/**
 * An on/off setting in a field's place: its label above, the switch and its state beside each
 * other in a row as tall as an input, the message under them.
 *
 * @example
 * <SwitchField form={form} name="scheduleEnabled" label="Scheduled" />
 */
export function SwitchField<S, K extends KeysOf<S, boolean>>({
  form,
  name,
  label,
  disabled,
}: SwitchProps<S, K>) {
  const id = useId();
  const errorId = `${id}-error`;
  const error = form.errors[name];
  const on = form.values[name] === true;
  return (
    <div className="grid grid-cols-1 gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      <div className="flex h-9 items-center gap-3">
        <Switch
          id={id}
          checked={on}
          disabled={disabled}
          onCheckedChange={(v) => form.set(name, v as S[K])}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
        />
        <span className="text-sm text-muted-foreground">{on ? 'On' : 'Off'}</span>
      </div>
      {error ? (
        <p id={errorId} role="alert" className="text-xs font-medium text-destructive">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/**
 * An opt-in beside its explanation: the switch first, then what it does and, smaller, why.
 *
 * @example
 * <SwitchOption form={form} name="strictCapacity" label="Refuse if ..." description="Instead of ..." />
 */
export function SwitchOption<S, K extends KeysOf<S, boolean>>({
  form,
  name,
  label,
  description,
  disabled,
}: SwitchProps<S, K> & { description: string }) {
  const id = useId();
  return (
    <div className="flex items-start gap-3">
      <Switch
        id={id}
        checked={form.values[name] === true}
        disabled={disabled}
        onCheckedChange={(v) => form.set(name, v as S[K])}
      />
      <Label htmlFor={id} className="grid gap-0.5 font-normal">
        <span className="font-medium">{label}</span>
        <span className="text-xs text-muted-foreground">{description}</span>
      </Label>
    </div>
  );
}
