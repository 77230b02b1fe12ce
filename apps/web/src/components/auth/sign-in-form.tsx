'use client';

import { LogInIcon } from 'lucide-react';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { InputField } from '@/components/ui/input-field';
import { authCalls } from '@/lib/auth/client';
import { waitText } from '@/lib/auth/form-errors';
import { useNow } from '@/lib/use-now';
import { EmailField } from './account-fields';
import { AuthCard, FormAlert } from './auth-card';
import { SessionLoading } from './session-states';
import { useAuthPage } from './use-auth-page';

/** Email and password; on success the visitor continues to where they were going. */
export function SignInForm() {
  const { leaving, busy, error, send } = useAuthPage('/sign-in');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const now = useNow(1000).getTime();
  const waitMs = error?.retryAt !== undefined ? error.retryAt - now : 0;

  if (leaving) return <SessionLoading />;

  const submit = async () => {
    await send(() => authCalls.signIn({ email: email.trim(), password }));
  };

  return (
    <AuthCard
      testId="sign-in"
      title="Sign in"
      description="Sign in to benchmark and monitor your TinyFish automations."
      onSubmit={submit}
    >
      <EmailField autoFocus required={false} value={email} onChange={setEmail} error={error?.fields.email} />
      <InputField
        label="Password"
        type="password"
        name="password"
        autoComplete="current-password"
        value={password}
        onChange={setPassword}
        error={error?.fields.password}
      />
      {error?.form ? (
        <FormAlert>
          {error.form}
          {waitMs > 0
            ? ` Try again in ${waitText(waitMs)}.`
            : error.retryAt
              ? ' You can try again now.'
              : null}
        </FormAlert>
      ) : null}
      <Button type="submit" className="w-full" disabled={busy || waitMs > 0 || !email || !password}>
        <LogInIcon />
        {busy ? 'Signing in…' : 'Sign in'}
      </Button>
      <p className="text-center text-xs text-muted-foreground">
        Forgot your password? An administrator can reset it under Settings → Users.
      </p>
    </AuthCard>
  );
}
