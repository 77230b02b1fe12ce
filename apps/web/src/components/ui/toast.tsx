'use client';

import * as ToastPrimitive from '@radix-ui/react-toast';
import { cva, type VariantProps } from 'class-variance-authority';
import { XIcon } from 'lucide-react';
import * as React from 'react';
import { createToastStore } from '@/lib/toast-store';
import { cn } from '@/lib/utils';

const toastVariants = cva(
  'pointer-events-auto relative grid w-full gap-1 rounded-lg border p-4 pr-9 shadow-lg data-[state=closed]:opacity-0 data-[swipe=move]:translate-x-(--radix-toast-swipe-move-x) transition-opacity',
  {
    variants: {
      variant: {
        default: 'bg-popover text-popover-foreground',
        success: 'border-success/40 bg-popover text-popover-foreground',
        destructive: 'border-destructive/50 bg-popover text-popover-foreground',
      },
    },
    defaultVariants: { variant: 'default' },
  },
);

export interface ToastOptions extends VariantProps<typeof toastVariants> {
  title: React.ReactNode;
  description?: React.ReactNode;
  /** An element such as a link shown under the text ("View run"). */
  action?: React.ReactNode;
  durationMs?: number;
  /**
   * Names what the toast is about (e.g. `run-12`): a later toast with the same topic replaces it,
   * and {@link dismissToast} takes it down once it is out of date.
   */
  topic?: string;
}

const store = createToastStore<ToastOptions>();

/**
 * Shows a transient notification.
 *
 * @example
 * toast({ title: 'Run #12 queued', variant: 'success', action: <Link href="/runs/12">View</Link> });
 */
function toast(options: ToastOptions): void {
  store.add(options);
}

/** Closes the toasts raised with `topic`, e.g. a run's "queued" toast once the run has finished. */
function dismissToast(topic: string): void {
  store.dismissTopic(topic);
}

/** Renders the toasts raised with `toast()`; mount once, in the root layout. */
function Toaster() {
  const current = React.useSyncExternalStore(store.subscribe, store.getSnapshot, store.getServerSnapshot);
  return (
    <ToastPrimitive.Provider swipeDirection="right">
      {current.map(({ id, open, options: t }) => (
        <ToastPrimitive.Root
          key={id}
          data-slot="toast"
          open={open}
          duration={t.durationMs ?? 5000}
          onOpenChange={(stillOpen) => {
            if (!stillOpen) store.dismiss(id);
          }}
          className={cn(toastVariants({ variant: t.variant }))}
        >
          <ToastPrimitive.Title className="text-sm font-semibold">{t.title}</ToastPrimitive.Title>
          {t.description ? (
            <ToastPrimitive.Description className="text-sm text-muted-foreground">
              {t.description}
            </ToastPrimitive.Description>
          ) : null}
          {t.action ? (
            // Following the toast's link is acting on it: it closes rather than staying over
            // the page it opened (focus inside a toast would otherwise pause it for good).
            // biome-ignore lint/a11y/noStaticElementInteractions: the link inside is the control; this only listens
            // biome-ignore lint/a11y/useKeyWithClickEvents: a link activated by keyboard fires click too
            <div
              className="mt-1 text-sm"
              onClick={(event) => {
                if ((event.target as HTMLElement).closest('a')) store.dismiss(id);
              }}
            >
              {t.action}
            </div>
          ) : null}
          <ToastPrimitive.Close
            aria-label="Dismiss"
            className="absolute top-2 right-2 rounded-md p-1 text-muted-foreground hover:bg-accent hover:text-foreground"
          >
            <XIcon className="size-4" />
          </ToastPrimitive.Close>
        </ToastPrimitive.Root>
      ))}
      {/* The viewport spans the corner even when empty; only the toasts themselves take clicks. */}
      <ToastPrimitive.Viewport className="pointer-events-none fixed right-0 bottom-0 z-[100] flex max-h-screen w-full flex-col gap-2 p-4 sm:max-w-sm" />
    </ToastPrimitive.Provider>
  );
}

export { dismissToast, Toaster, toast };
