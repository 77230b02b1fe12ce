'use client';

import type { ReactNode } from 'react';
import { Field } from '@/components/ui/field';
import { CodeTextarea, Input, Textarea } from '@/components/ui/input';
import { SelectBox, type SelectOption } from '@/components/ui/select';
import type { FormBinding } from './use-form';

/** The keys of S whose values are of type V (the text fields of a form, say). */
export type KeysOf<S, V> = { [K in keyof S]-?: S[K] extends V ? K : never }[keyof S];

/** What every bound field takes: its form, its key there, and how the `Field` around it reads. */
interface BoundProps<S, K extends keyof S> {
  form: FormBinding<S>;
  name: K;
  label: ReactNode;
  hint?: ReactNode;
  required?: boolean;
  /** Classes of the field (label, control, hint, message), e.g. a column span. */
  className?: string;
  placeholder?: string;
  disabled?: boolean;
  /** Classes of the control itself. */
  controlClassName?: string;
}

/** Text fields keep what is typed as it is; parsing belongs to the form's checks. */
function textOf<S>(form: FormBinding<S>, name: keyof S): string {
  const value = form.values[name];
  return typeof value === 'string' ? value : '';
}

function frameOf<S, K extends keyof S>({ form, name, label, hint, required, className }: BoundProps<S, K>) {
  return { label, hint, required, className, error: form.errors[name] };
}

/**
 * A text input (or, `multiline`, a text area; `code`, a monospace one for expressions and
 * one-rule-per-line lists) bound to one string of a form.
 *
 * @example
 * <TextField form={form} name="model" label="Model" hint="Empty: the endpoint's default." />
 */
export function TextField<S, K extends KeysOf<S, string>>(
  props: BoundProps<S, K> & {
    multiline?: boolean;
    code?: boolean;
    /** `password`: typed but never shown (write-only credentials). */
    type?: 'text' | 'url' | 'password';
    inputMode?: 'text' | 'url';
    /** Off unless given: these fields configure the product, the browser's remembered entries do not fit them. */
    autoComplete?: string;
    spellCheck?: boolean;
  },
) {
  const { form, name, placeholder, disabled, controlClassName, multiline, code, ...rest } = props;
  const Area = code ? CodeTextarea : Textarea;
  const common = {
    value: textOf(form, name),
    placeholder,
    disabled,
    className: controlClassName,
  };
  return (
    <Field {...frameOf(props)}>
      {multiline || code ? (
        <Area {...common} onChange={(e) => form.set(name, e.target.value as S[K])} />
      ) : (
        <Input
          {...common}
          type={rest.type}
          inputMode={rest.inputMode}
          autoComplete={rest.autoComplete ?? 'off'}
          spellCheck={rest.spellCheck}
          onChange={(e) => form.set(name, e.target.value as S[K])}
        />
      )}
    </Field>
  );
}

/**
 * An address field: a URL keyboard on phones; whether it is a URL is the form's checks' to say.
 *
 * @example
 * <UrlField form={form} name="baseUrl" label="Base URL" placeholder="https://agent.tinyfish.ai" />
 */
export function UrlField<S, K extends KeysOf<S, string>>(props: BoundProps<S, K>) {
  return <TextField {...props} type="url" inputMode="url" />;
}

/** The required name every resource form starts with. */
export function NameField<S extends { name: string }>({
  form,
  className,
}: {
  form: FormBinding<S>;
  className?: string;
}) {
  return (
    <TextField form={form} name={'name' as KeysOf<S, string>} label="Name" required className={className} />
  );
}

/** The free-text description every resource form has, across the whole row. */
export function DescriptionField<S extends { description: string }>({ form }: { form: FormBinding<S> }) {
  return (
    <TextField
      form={form}
      name={'description' as KeysOf<S, string>}
      label="Description"
      multiline
      controlClassName="min-h-16"
      className="sm:col-span-2"
    />
  );
}

/**
 * A number typed as text (so a half-typed "1." stays as typed), with the phone keypad that fits:
 * whole numbers by default, `decimal` for fractions.
 *
 * @example
 * <NumberField form={form} name="iterations" label="Iterations" hint="Runs per benchmark." />
 */
export function NumberField<S, K extends KeysOf<S, string>>(props: BoundProps<S, K> & { decimal?: boolean }) {
  const { form, name, placeholder, disabled, controlClassName, decimal } = props;
  return (
    <Field {...frameOf(props)}>
      <Input
        inputMode={decimal ? 'decimal' : 'numeric'}
        value={textOf(form, name)}
        placeholder={placeholder}
        disabled={disabled}
        className={controlClassName}
        onChange={(e) => form.set(name, e.target.value as S[K])}
      />
    </Field>
  );
}

/**
 * A monospace text area for a JSON object or array, bound to one string. Parsing (and its
 * message) belongs to the form's checks (`FormChecks.jsonObject`, `jsonArray`).
 *
 * @example
 * <JsonField form={form} name="inputs" label="Inputs (JSON)" placeholder={'{\n  "goal": "..."\n}'} />
 */
export function JsonField<S, K extends KeysOf<S, string>>(props: BoundProps<S, K>) {
  const { form, name, placeholder, disabled, controlClassName = 'min-h-24' } = props;
  return (
    <Field {...frameOf(props)}>
      <CodeTextarea
        className={controlClassName}
        value={textOf(form, name)}
        placeholder={placeholder}
        disabled={disabled}
        onChange={(e) => form.set(name, e.target.value as S[K])}
      />
    </Field>
  );
}

/**
 * One of a list of options, bound to one string (or string union) of a form.
 *
 * @example
 * <SelectField form={form} name="arrival" label="Arrival" options={ARRIVAL_OPTIONS} />
 */
export function SelectField<S, K extends KeysOf<S, string>>(
  props: BoundProps<S, K> & { options: readonly SelectOption[] },
) {
  const { form, name, placeholder, disabled, controlClassName, options } = props;
  return (
    <Field {...frameOf(props)}>
      <SelectBox
        value={textOf(form, name)}
        onValueChange={(v) => form.set(name, v as S[K])}
        placeholder={placeholder}
        disabled={disabled}
        className={controlClassName}
        options={options}
      />
    </Field>
  );
}
