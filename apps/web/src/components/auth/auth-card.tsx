import { CircleAlertIcon } from 'lucide-react';
import type { FormEvent, ReactNode } from 'react';
import { Card, CardContent, CardDescription, CardHeader } from '@/components/ui/card';

/**
 * The one card of a sign-in or setup page: a form the browser does not check or send itself;
 * `onSubmit` checks and sends it.
 */
export function AuthCard({
  title,
  description,
  children,
  testId,
  onSubmit,
}: {
  title: string;
  description: ReactNode;
  children: ReactNode;
  testId: string;
  onSubmit: () => void;
}) {
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <Card className="w-full" data-testid={testId}>
      <CardHeader className="flex-col gap-1.5 sm:px-6 sm:pt-6">
        <h1 className="text-xl font-semibold leading-tight tracking-tight">{title}</h1>
        <CardDescription>{description}</CardDescription>
      </CardHeader>
      <CardContent className="sm:px-6 sm:pb-6">
        <form className="grid gap-4" onSubmit={submit} noValidate>
          {children}
        </form>
      </CardContent>
    </Card>
  );
}

/** A refusal of the whole form (wrong credentials, throttled), announced when it appears. */
export function FormAlert({ children }: { children: ReactNode }) {
  return (
    <div
      role="alert"
      data-testid="form-error"
      className="flex gap-2 rounded-md border border-destructive/40 bg-destructive/10 px-3 py-2 text-sm text-destructive"
    >
      <CircleAlertIcon className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
      <div className="min-w-0">{children}</div>
    </div>
  );
}
