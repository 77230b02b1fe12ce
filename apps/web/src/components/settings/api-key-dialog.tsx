'use client';

import { type FormEvent, useState } from 'react';
import { useSession } from '@/components/auth/session';
import { SubmitBar } from '@/components/forms/submit-bar';
import { Button } from '@/components/ui/button';
import { DialogFooter, DialogFrame } from '@/components/ui/dialog';
import { Field } from '@/components/ui/field';
import { InputField } from '@/components/ui/input-field';
import { SelectBox } from '@/components/ui/select';
import { authCalls } from '@/lib/auth/client';
import type { CreatedApiKey, Role } from '@/lib/auth/types';
import { formatDateTime } from '@/lib/format';
import { KeyShownOnce } from './key-shown-once';
import { RoleSelect } from './role-select';
import { useSubmit } from './use-submit';

const EXPIRY_OPTIONS = [
  { value: 'never', label: 'Never' },
  { value: '7', label: 'In 7 days' },
  { value: '30', label: 'In 30 days' },
  { value: '90', label: 'In 90 days' },
  { value: '365', label: 'In a year' },
] as const;

function expiresAt(choice: string, now = Date.now()): string | undefined {
  return choice === 'never' ? undefined : new Date(now + Number(choice) * 86_400_000).toISOString();
}

/**
 * Creates an API key (name, role no stronger than the creator's, optional expiry), then shows
 * the key once. Closing the dialog forgets it.
 */
export function ApiKeyDialog({
  open,
  onOpenChange,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const me = useSession();
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>(me.role === 'admin' ? 'editor' : me.role);
  const [expiry, setExpiry] = useState<string>('90');
  const [created, setCreated] = useState<CreatedApiKey | undefined>();
  const submit = useSubmit();

  const close = (next: boolean) => {
    if (next || submit.busy) return;
    onOpenChange(false);
    setCreated(undefined);
    setName('');
    submit.reset();
  };

  const create = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return submit.setError('Give the key a name that says where it is used, e.g. “ci”.');
    const expires = expiresAt(expiry);
    submit.run(async () => {
      setCreated(
        await authCalls.createApiKey({
          name: name.trim(),
          role,
          ...(expires ? { expires_at: expires } : {}),
        }),
      );
    });
  };

  return (
    <DialogFrame
      open={open}
      onOpenChange={close}
      title={created ? `API key “${created.name}” created` : 'New API key'}
      description={
        created
          ? `Role ${created.role}${created.expires_at ? `, expires ${formatDateTime(created.expires_at)}` : ', never expires'}.`
          : 'For scripts, CI and the CLI. The key acts with the role you choose here.'
      }
      testId="api-key-dialog"
    >
      {created ? (
        <>
          <KeyShownOnce value={created.key} />
          <DialogFooter>
            <Button onClick={() => close(false)} data-testid="key-done">
              I have copied it
            </Button>
          </DialogFooter>
        </>
      ) : (
        <form className="grid gap-4" onSubmit={create} noValidate>
          <InputField
            label="Name"
            hint="Where the key is used, so you know what breaks if you revoke it."
            required
            name="name"
            maxLength={100}
            value={name}
            onChange={setName}
          />
          <Field label="Role">
            <RoleSelect giver={me.role} value={role} onChange={setRole} data-testid="key-role" />
          </Field>
          <Field label="Expires">
            <SelectBox value={expiry} onValueChange={setExpiry} options={EXPIRY_OPTIONS} />
          </Field>
          <SubmitBar
            busyLabel="Working…"
            error={submit.error}
            busy={submit.busy}
            onCancel={() => close(false)}
            submitLabel="Create key"
            submitTestId="create-key"
          />
        </form>
      )}
    </DialogFrame>
  );
}
