import { CircleAlertIcon, TriangleAlertIcon } from 'lucide-react';
import type { ReactNode } from 'react';
import { cn } from '@/lib/utils';

const TONES = {
  destructive: {
    box: 'border-destructive/40 bg-destructive/5 p-4',
    icon: <CircleAlertIcon className="mt-0.5 size-5 shrink-0 text-destructive" aria-hidden="true" />,
  },
  warning: {
    box: 'border-warning/50 bg-warning/10 p-3',
    icon: <TriangleAlertIcon className="mt-0.5 size-4 shrink-0 text-warning" aria-hidden="true" />,
  },
  info: {
    box: 'items-center border-info/40 bg-info/5 px-4 py-3',
    // Something is under way: a pulsing dot rather than a symbol that reads as a problem.
    icon: <span className="size-2 shrink-0 animate-pulse rounded-full bg-info" aria-hidden="true" />,
  },
} as const;

/**
 * A boxed message inside a page or dialog, its tone's icon first: a failure (`destructive`),
 * something to act on (`warning`) or something under way (`info`). `role="alert"` announces
 * it the moment it appears; `status` when it is news that can wait.
 *
 * @example
 * <Callout tone="warning" role="alert" testId="delete-conflict"><p>It is still in use.</p></Callout>
 */
export function Callout({
  tone,
  role = 'status',
  testId,
  className,
  children,
}: {
  tone: keyof typeof TONES;
  role?: 'alert' | 'status';
  testId?: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div
      role={role}
      data-testid={testId}
      className={cn('flex gap-3 rounded-lg border text-sm', TONES[tone].box, className)}
    >
      {TONES[tone].icon}
      <div className="grid min-w-0 grid-cols-1 gap-1">{children}</div>
    </div>
  );
}
