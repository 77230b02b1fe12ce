'use client';

import { type FormEvent, type ReactNode, useState } from 'react';
import { EmailField, NewPasswordField } from '@/components/auth/account-fields';
import { SubmitBar } from '@/components/forms/submit-bar';
import { DialogFrame } from '@/components/ui/dialog';
import { Field } from '@/components/ui/field';
import { toast } from '@/components/ui/toast';
import { authCalls } from '@/lib/auth/client';
import { passwordProblem } from '@/lib/auth/form-errors';
import type { Role, User } from '@/lib/auth/types';
import { RoleSelect } from './role-select';
import { useSubmit } from './use-submit';

/** One settings dialog around one form; `onSubmit` returns an error message or saves. */
function FormDialog({
  open,
  onClose,
  title,
  description,
  submitLabel,
  testId,
  onSubmit,
  children,
}: {
  open: boolean;
  onClose: () => void;
  title: string;
  description: ReactNode;
  submitLabel: string;
  testId: string;
  /** A message when the form is not ready to send; else the call to make. */
  onSubmit: () => string | (() => Promise<void>);
  children: ReactNode;
}) {
  const submit = useSubmit();
  const close = () => {
    if (submit.busy) return;
    submit.reset();
    onClose();
  };
  const send = (event: FormEvent) => {
    event.preventDefault();
    const action = onSubmit();
    if (typeof action === 'string') return submit.setError(action);
    submit.run(async () => {
      await action();
      submit.reset();
      onClose();
    });
  };
  return (
    <DialogFrame
      open={open}
      onOpenChange={(next) => (next ? undefined : close())}
      title={title}
      description={description}
      testId={testId}
    >
      <form className="grid gap-4" onSubmit={send} noValidate>
        {children}
        <SubmitBar
          busyLabel="Working…"
          error={submit.error}
          busy={submit.busy}
          onCancel={close}
          submitLabel={submitLabel}
          submitTestId={`${testId}-submit`}
        />
      </form>
    </DialogFrame>
  );
}

export function CreateUserDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  return (
    <FormDialog
      open={open}
      onClose={() => {
        setEmail('');
        setPassword('');
        onClose();
      }}
      title="New user"
      description="They sign in with this email and password; tell them the password another way."
      submitLabel="Create user"
      testId="create-user"
      onSubmit={() =>
        (!email.trim() && 'Enter the email address.') ||
        passwordProblem(password) ||
        (async () => {
          await authCalls.createUser({ email: email.trim(), password, role });
          toast({ title: `Created ${email.trim().toLowerCase()}`, variant: 'success' });
        })
      }
    >
      <EmailField autoComplete="off" value={email} onChange={setEmail} />
      <NewPasswordField value={password} onChange={setPassword} />
      <Field label="Role">
        <RoleSelect giver="admin" value={role} onChange={setRole} data-testid="user-role" />
      </Field>
    </FormDialog>
  );
}

export function ChangeRoleDialog({ user, onClose }: { user: User | undefined; onClose: () => void }) {
  const [role, setRole] = useState<Role | undefined>();
  const chosen = role ?? user?.role ?? 'viewer';
  return (
    <FormDialog
      open={user !== undefined}
      onClose={() => {
        setRole(undefined);
        onClose();
      }}
      title={`Change the role of ${user?.email ?? ''}`}
      description="Takes effect on their next request."
      submitLabel="Change role"
      testId="change-role"
      onSubmit={() => async () => {
        if (!user) return;
        await authCalls.changeRole(user.id, chosen);
        toast({ title: `${user.email} is now ${chosen}`, variant: 'success' });
      }}
    >
      <Field label="Role">
        <RoleSelect giver="admin" value={chosen} onChange={setRole} />
      </Field>
    </FormDialog>
  );
}

export function ResetPasswordDialog({ user, onClose }: { user: User | undefined; onClose: () => void }) {
  const [password, setPassword] = useState('');
  return (
    <FormDialog
      open={user !== undefined}
      onClose={() => {
        setPassword('');
        onClose();
      }}
      title={`Reset the password of ${user?.email ?? ''}`}
      description="This also signs them out everywhere; they sign in again with the new password."
      submitLabel="Reset password"
      testId="reset-password"
      onSubmit={() =>
        passwordProblem(password) ||
        (async () => {
          if (!user) return;
          await authCalls.resetPassword(user.id, password);
          toast({ title: `Password of ${user.email} reset`, variant: 'success' });
        })
      }
    >
      <NewPasswordField value={password} onChange={setPassword} />
    </FormDialog>
  );
}
