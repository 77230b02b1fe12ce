import type { ReactNode } from 'react';
import { ThemeToggle } from '@/components/layout/theme-toggle';

/**
 * The frame of the pages shown before signing in: no navigation (there is nothing to reach
 * yet), the brand above a single card, centred on any screen.
 */
export function AuthFrame({ children }: { children: ReactNode }) {
  return (
    <div className="relative flex min-h-dvh flex-col items-center justify-center bg-[radial-gradient(ellipse_at_top,var(--color-accent),transparent_60%)] px-4 py-10">
      <div className="absolute top-3 right-3">
        <ThemeToggle />
      </div>
      <main id="main" className="flex w-full max-w-sm flex-col items-center gap-6">
        <div className="flex items-center gap-2.5 text-lg font-semibold tracking-tight">
          <span
            aria-hidden="true"
            className="grid size-9 place-items-center rounded-lg bg-primary text-sm font-bold text-primary-foreground shadow-sm"
          >
            tf
          </span>
          tfbench
        </div>
        {children}
      </main>
    </div>
  );
}
