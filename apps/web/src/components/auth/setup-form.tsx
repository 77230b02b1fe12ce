'use client';

import { ShieldCheckIcon } from 'lucide-react';
import Link from 'next/link';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { InputField } from '@/components/ui/input-field';
import { authCalls } from '@/lib/auth/client';
import { passwordProblem } from '@/lib/auth/form-errors';
import { EmailField, NewPasswordField } from './account-fields';
import { AuthCard, FormAlert } from './auth-card';
import { SessionLoading } from './session-states';
import { useAuthPage } from './use-auth-page';

/**
 * Creates the first account, an administrator, while the system has none. The API accepts it
 * from its own machine, or elsewhere with the one-time token it printed in its log; the token
 * field appears once the API asked for it.
 */
export function SetupForm() {
  const { leaving, busy, error, setError, send } = useAuthPage('/setup');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [token, setToken] = useState('');
  const [askToken, setAskToken] = useState(false);

  if (leaving) return <SessionLoading />;

  const submit = async () => {
    const fields: Record<string, string> = {};
    const weak = passwordProblem(password);
    if (weak) fields.password = weak;
    else if (confirmation !== password) fields.confirmation = 'The two passwords differ.';
    if (askToken && !token.trim()) fields.setup_token = 'Paste the token from the API log.';
    if (Object.keys(fields).length > 0) return setError({ fields });
    await send(
      () =>
        authCalls.setUp({
          email: email.trim(),
          password,
          ...(token.trim() ? { setup_token: token.trim() } : {}),
        }),
      (refusal) => {
        if (refusal.needsSetupToken) setAskToken(true);
      },
    );
  };

  return (
    <AuthCard
      testId="setup"
      title="Create the administrator"
      description="tfbench has no account yet. The first one is the administrator: it can do everything, including adding the other users and API keys."
      onSubmit={submit}
    >
      <EmailField autoFocus value={email} onChange={setEmail} error={error?.fields.email} />
      <NewPasswordField value={password} onChange={setPassword} error={error?.fields.password} />
      <InputField
        label="Repeat the password"
        type="password"
        name="confirmation"
        autoComplete="new-password"
        required
        value={confirmation}
        onChange={setConfirmation}
        error={error?.fields.confirmation}
      />
      {askToken ? (
        <InputField
          label="Setup token"
          hint="Printed once in the API's log when it started without any user."
          name="setup_token"
          autoComplete="off"
          spellCheck={false}
          className="font-mono"
          required
          value={token}
          onChange={setToken}
          error={error?.fields.setup_token}
        />
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
    </AuthCard>
  );
}
