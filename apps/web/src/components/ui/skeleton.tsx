import type * as React from 'react';
import { cn } from '@/lib/utils';

/** A placeholder block shown while its content loads. */
function Skeleton({ className, ...props }: React.ComponentProps<'div'>) {
  return (
    <div
      data-slot="skeleton"
      aria-hidden="true"
      className={cn('animate-skeleton rounded-md bg-muted', className)}
      {...props}
    />
  );
}

export { Skeleton };
