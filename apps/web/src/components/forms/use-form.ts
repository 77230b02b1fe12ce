'use client';

import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import type { Checked, FormErrors } from '@/lib/form-checks';

/** A form's values, messages and pending state, as the bound fields read and write them. */
export interface FormBinding<S> {
  values: S;
  errors: FormErrors<S>;
  busy: boolean;
  set: <K extends keyof S>(key: K, value: S[K]) => void;
}

export interface UseFormOptions<S, B> {
  /** Whether the form's dialog is open; the values start afresh each time it opens. */
  open: boolean;
  /** Opens or closes the dialog; a successful send closes it. */
  onOpenChange: (open: boolean) => void;
  /** The values a freshly opened form shows. */
  initial: () => S;
  /** Checks the values and builds the request body when they pass. */
  validate: (values: S) => Checked<S, B>;
  /** Sends the body; a rejection becomes the form's messages through `errorsOf` (the dialog stays open). */
  send: (body: B) => Promise<void>;
  /** The messages of a failed `send`, per field (see `saveErrors`). */
  errorsOf: (error: unknown) => FormErrors<S>;
}

/** What a dialog form hands its `FormDialog`: the binding, the dialog's state, the submit handler. */
export interface DialogForm<S> extends FormBinding<S> {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onSubmit: (event: FormEvent) => Promise<void>;
}

/**
 * The state of a dialog form: values that reset when it opens, messages from the checks and from
 * the API, and `busy` while the request is out.
 *
 * @example
 * const form = useForm({ open, onOpenChange, initial: () => initialState(x), validate, send, errorsOf });
 * <FormDialog form={form} ...><TextField form={form} name="name" label="Name" /></FormDialog>
 */
export function useForm<S, B>({
  open,
  onOpenChange,
  initial,
  validate,
  send,
  errorsOf,
}: UseFormOptions<S, B>): DialogForm<S> {
  const [values, setValues] = useState<S>(initial);
  const [errors, setErrors] = useState<FormErrors<S>>({});
  const [busy, setBusy] = useState(false);

  // Reset only when the dialog opens, not each time what `initial` reads (a list) refreshes.
  const initialRef = useRef(initial);
  initialRef.current = initial;
  const wasOpen = useRef(false);
  useEffect(() => {
    if (open && !wasOpen.current) {
      setValues(initialRef.current());
      setErrors({});
    }
    wasOpen.current = open;
  }, [open]);

  const set = useCallback(<K extends keyof S>(key: K, value: S[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
  }, []);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const { errors: found, body } = validate(values);
    setErrors(found);
    if (body === undefined) return;
    setBusy(true);
    try {
      await send(body);
      onOpenChange(false);
    } catch (error) {
      setErrors(errorsOf(error));
    } finally {
      setBusy(false);
    }
  };

  return { values, errors, busy, set, open, onOpenChange, onSubmit };
}
