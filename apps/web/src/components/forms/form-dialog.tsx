'use client';

import type { ReactNode } from 'react';
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { cn } from '@/lib/utils';
import { SubmitBar } from './submit-bar';
import type { DialogForm } from './use-form';

/**
 * A form in a dialog: its title (the dialog's accessible name) and what it is for, the fields,
 * then the form's own error and the Cancel / submit bar. The browser's own validation is off:
 * the form's checks say what is wrong, next to the field, in the dashboard's words.
 *
 * @example
 * <FormDialog form={form} title="New automation"
 *   description="What to call." testId="automation-form"
 *   submit={{ label: 'Create automation', busyLabel: 'Saving…', testId: 'automation-save' }}>
 *   <TextField form={form} name="name" label="Name" required />
 * </FormDialog>
 */
export function FormDialog<S>({
  form,
  title,
  description,
  testId,
  submit,
  children,
}: {
  form: DialogForm<S>;
  title: string;
  description: ReactNode;
  testId: string;
  submit: { label: string; busyLabel: string; testId: string };
  children: ReactNode;
}) {
  return (
    <Dialog open={form.open} onOpenChange={form.onOpenChange}>
      <DialogContent className="max-w-2xl" data-testid={testId}>
        <form onSubmit={form.onSubmit} noValidate className="grid grid-cols-1 gap-4">
          <DialogHeader>
            <DialogTitle>{title}</DialogTitle>
            <DialogDescription>{description}</DialogDescription>
          </DialogHeader>
          {children}
          <SubmitBar
            error={form.errors.form}
            busy={form.busy}
            onCancel={() => form.onOpenChange(false)}
            submitLabel={submit.label}
            busyLabel={submit.busyLabel}
            submitTestId={submit.testId}
          />
        </form>
      </DialogContent>
    </Dialog>
  );
}

/**
 * Title and submit button of a dialog that creates a `noun`, or edits `item` when there is one.
 *
 * @example
 * <FormDialog {...createOrEdit('scenario', editing, 'scenario-save')} form={form} ... />
 */
export function createOrEdit(noun: string, item: { name: string } | undefined, submitTestId: string) {
  return {
    title: item ? `Edit ${item.name}` : `New ${noun}`,
    submit: { label: item ? 'Save changes' : `Create ${noun}`, busyLabel: 'Saving…', testId: submitTestId },
  };
}

/**
 * The dialog that creates a `noun`, or edits `item`: titled and labelled from the noun, with the
 * test ids `<noun>-form` and `<noun>-save` every resource form keeps.
 *
 * @example
 * <ResourceFormDialog form={form} noun="scenario" item={editing} description="A test case.">
 *   <TextField form={form} name="name" label="Name" required />
 * </ResourceFormDialog>
 */
export function ResourceFormDialog<S>({
  noun,
  item,
  ...dialog
}: {
  form: DialogForm<S>;
  noun: string;
  /** The item being edited; undefined to create one. */
  item: { name: string } | undefined;
  description: ReactNode;
  children: ReactNode;
}) {
  return <FormDialog {...dialog} {...createOrEdit(noun, item, `${noun}-save`)} testId={`${noun}-form`} />;
}

const COLUMNS = { 2: 'sm:grid-cols-2', 3: 'sm:grid-cols-3' } as const;

/** Fields side by side from phone width up: one column on a phone, `columns` above. */
export function FieldGrid({
  columns = 2,
  className,
  children,
}: {
  columns?: keyof typeof COLUMNS;
  className?: string;
  children: ReactNode;
}) {
  return <div className={cn('grid grid-cols-1 gap-4', COLUMNS[columns], className)}>{children}</div>;
}

/** A titled group of fields in a frame (a fieldset, so its legend names the group). */
export function FormSection({
  legend,
  columns = 2,
  children,
}: {
  legend: string;
  columns?: keyof typeof COLUMNS;
  children: ReactNode;
}) {
  return (
    <fieldset className={cn('grid grid-cols-1 gap-4 rounded-lg border p-3 sm:p-4', COLUMNS[columns])}>
      <legend className="px-1 text-sm font-medium">{legend}</legend>
      {children}
    </fieldset>
  );
}
