'use client';

import { ShieldCheckIcon } from 'lucide-react';
import Link from 'next/link';
import { type FormEvent, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { authCalls } from '@/lib/auth/client';
import { type AuthFormError, authFormError, PASSWORD_MIN, passwordProblem } from '@/lib/auth/form-errors';
import { AuthCard, FormAlert } from './auth-card';
import { SessionLoading } from './session-states';
import { useAuthPage } from './use-auth-page';

/**
 * Creates the first account, an administrator, while the system has none. The API accepts it
 * from its own machine, or elsewhere with the one-time token it printed in its log; the token
 * field appears once the API asked for it.
 */
export function SetupForm() {
  const { leaving, signedIn } = useAuthPage('/setup');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [token, setToken] = useState('');
  const [askToken, setAskToken] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AuthFormError | undefined>();

  if (leaving) return <SessionLoading />;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const fields: Record<string, string> = {};
    const weak = passwordProblem(password);
    if (weak) fields.password = weak;
    else if (confirmation !== password) fields.confirmation = 'The two passwords differ.';
    if (askToken && !token.trim()) fields.setup_token = 'Paste the token from the API log.';
    if (Object.keys(fields).length > 0) return setError({ fields });
    setBusy(true);
    setError(undefined);
    try {
      const { user } = await authCalls.setUp({
        email: email.trim(),
        password,
        ...(token.trim() ? { setup_token: token.trim() } : {}),
      });
      signedIn(user);
    } catch (caught) {
      const refusal = authFormError(caught);
      if (refusal.needsSetupToken) setAskToken(true);
      setError(refusal);
      setBusy(false);
    }
  };

  return (
    <AuthCard
      testId="setup"
      title="Create the administrator"
      description="tfbench has no account yet. The first one is the administrator: it can do everything, including adding the other users and API keys."
    >
      <form className="grid gap-4" onSubmit={submit} noValidate>
        <Field label="Email" error={error?.fields.email} required>
          <Input
            type="email"
            name="email"
            autoComplete="username"
            autoFocus
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </Field>
        <Field
          label="Password"
          hint={`At least ${PASSWORD_MIN} characters.`}
          error={error?.fields.password}
          required
        >
          <Input
            type="password"
            name="password"
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </Field>
        <Field label="Repeat the password" error={error?.fields.confirmation} required>
          <Input
            type="password"
            name="confirmation"
            autoComplete="new-password"
            value={confirmation}
            onChange={(e) => setConfirmation(e.target.value)}
          />
        </Field>
        {askToken ? (
          <Field
            label="Setup token"
            hint="Printed once in the API's log when it started without any user."
            error={error?.fields.setup_token}
            required
          >
            <Input
              name="setup_token"
              autoComplete="off"
              spellCheck={false}
              className="font-mono"
              value={token}
              onChange={(e) => setToken(e.target.value)}
            />
          </Field>
        ) : null}
        {error?.form ? (
          <FormAlert>
            {error.form}
            {error.setupDone ? (
              <>
                {' '}
                <Link href="/sign-in" className="font-medium underline underline-offset-4">
                  Go to sign-in
                </Link>
              </>
            ) : null}
          </FormAlert>
        ) : null}
        <Button type="submit" className="w-full" disabled={busy || !email || !password}>
          <ShieldCheckIcon />
          {busy ? 'Creating…' : 'Create administrator'}
        </Button>
      </form>
    </AuthCard>
  );
}
