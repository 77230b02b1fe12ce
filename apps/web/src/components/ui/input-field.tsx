'use client';

import type * as React from 'react';
import { Field } from './field';
import { Input } from './input';

/**
 * A labelled single-line input over the caller's own state: `Field` around `Input`, with
 * `onChange` receiving the text. Other props (type, name, autoComplete, …) go to the input.
 * Forms built on `useForm` use the bound `TextField` of components/forms instead.
 *
 * @example
 * <InputField label="Email" type="email" value={email} onChange={setEmail} error={errors.email} required />
 */
export function InputField({
  label,
  hint,
  error,
  required,
  value,
  onChange,
  ...input
}: {
  label: React.ReactNode;
  hint?: React.ReactNode;
  error?: string | undefined;
  required?: boolean;
  value: string;
  onChange: (value: string) => void;
} & Omit<React.ComponentProps<'input'>, 'value' | 'onChange' | 'required'>) {
  return (
    <Field label={label} hint={hint} error={error} required={required}>
      <Input value={value} onChange={(e) => onChange(e.target.value)} {...input} />
    </Field>
  );
}
