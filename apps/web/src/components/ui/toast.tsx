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
          duration={t.durationMs ?? 6000}
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
          {t.action ? <div className="mt-1 text-sm">{t.action}</div> : null}
          <ToastPrimitive.Close
            aria-label="Dismiss"
            className="absolute top-2 right-2 rounded-md p-1 text-muted-foreground hover:bg-accent hover:text-foreground"
          >
            <XIcon className="size-4" />
          </ToastPrimitive.Close>
        </ToastPrimitive.Root>
      ))}
      <ToastPrimitive.Viewport className="fixed right-0 bottom-0 z-[100] flex max-h-screen w-full flex-col gap-2 p-4 sm:max-w-sm" />
    </ToastPrimitive.Provider>
  );
}

export { Toaster, toast };
