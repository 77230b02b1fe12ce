'use client';

import { Slot } from '@radix-ui/react-slot';
import * as React from 'react';
import { cn } from '@/lib/utils';
import { Label } from './label';

interface FieldProps {
  /** Visible label text. */
  label: React.ReactNode;
  /** A short help text under the control. */
  hint?: React.ReactNode;
  /** The validation message; marks the control invalid and is announced with it. */
  error?: string | undefined;
  required?: boolean;
  className?: string;
  /** Exactly one control; it receives `id`, `aria-invalid` and `aria-describedby`. */
  children: React.ReactElement;
}

/**
 * A labelled form control with optional help and error text, wired for screen readers.
 *
 * @example
 * <Field label="Name" error={errors.name} required>
 *   <Input value={name} onChange={(e) => setName(e.target.value)} />
 * </Field>
 */
function Field({ label, hint, error, required, className, children }: FieldProps) {
  const id = React.useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div data-slot="field" className={cn('grid gap-1.5', className)}>
      <Label htmlFor={id}>
        {label}
        {required ? (
          <span aria-hidden="true" className="text-destructive">
            *
          </span>
        ) : null}
      </Label>
      <Slot
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        aria-required={required}
      >
        {children}
      </Slot>
      {hint ? (
        <p id={hintId} data-slot="field-hint" className="text-xs text-muted-foreground">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p
          id={errorId}
          data-slot="field-error"
          role="alert"
          className="whitespace-pre-line text-xs font-medium text-destructive"
        >
          {error}
        </p>
      ) : null}
    </div>
  );
}

export { Field };
