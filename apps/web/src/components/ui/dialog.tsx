'use client';

import * as DialogPrimitive from '@radix-ui/react-dialog';
import { XIcon } from 'lucide-react';
import * as React from 'react';
import { cn } from '@/lib/utils';
import { part } from './part';

/** The primitive's parts that need no styling, under the names the rest of the kit uses. */
export { Close as DialogClose, Root as Dialog, Trigger as DialogTrigger } from '@radix-ui/react-dialog';

const DialogOverlay = part(
  DialogPrimitive.Overlay,
  'dialog-overlay',
  'fixed inset-0 z-50 bg-black/60 backdrop-blur-[1px]',
);

type AutoFocusHandlers = Pick<
  React.ComponentProps<typeof DialogPrimitive.Content>,
  'onOpenAutoFocus' | 'onCloseAutoFocus'
>;

/**
 * Returns focus to whatever had it when the dialog opened. Radix's modal content focuses its
 * `Dialog.Trigger` on close; our dialogs mostly open from state (a table row's menu, a `?new=1`
 * link) without a Trigger, which left focus on <body> and a keyboard user at the top of the page.
 * FocusScope fires `onOpenAutoFocus` before it moves focus, so the opener is still focused then.
 */
function useReturnFocus({ onOpenAutoFocus, onCloseAutoFocus }: AutoFocusHandlers): AutoFocusHandlers {
  const opener = React.useRef<HTMLElement | null>(null);
  return {
    onOpenAutoFocus: (event) => {
      opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      onOpenAutoFocus?.(event);
    },
    onCloseAutoFocus: (event) => {
      onCloseAutoFocus?.(event);
      const target = opener.current;
      opener.current = null;
      // An opener that is gone (a menu item) leaves the choice to Radix.
      if (event.defaultPrevented || !target?.isConnected) return;
      event.preventDefault();
      target.focus();
    },
  };
}

/**
 * A modal dialog: focus is trapped inside, Escape closes it, focus returns to the control that
 * opened it. On phones it fills the width and scrolls.
 */
function DialogContent({
  className,
  children,
  onOpenAutoFocus,
  onCloseAutoFocus,
  ...props
}: React.ComponentProps<typeof DialogPrimitive.Content>) {
  const focus = useReturnFocus({ onOpenAutoFocus, onCloseAutoFocus });
  return (
    <PortalPanel
      slot="dialog-content"
      baseClassName="fixed top-1/2 left-1/2 z-50 grid max-h-[calc(100dvh-2rem)] w-[calc(100vw-1.5rem)] max-w-lg -translate-x-1/2 -translate-y-1/2 gap-4 overflow-y-auto rounded-xl border bg-popover p-4 text-popover-foreground shadow-xl sm:p-6"
      closeLabel="Close"
      className={className}
      {...props}
      {...focus}
    >
      {children}
    </PortalPanel>
  );
}

/** A panel sliding in from the left edge, for the navigation on small screens. */
function SheetContent({
  className,
  children,
  ...props
}: React.ComponentProps<typeof DialogPrimitive.Content>) {
  return (
    <PortalPanel
      slot="sheet-content"
      baseClassName="fixed inset-y-0 left-0 z-50 flex w-72 max-w-[85vw] flex-col gap-4 border-r bg-background p-4 shadow-xl"
      closeLabel="Close navigation"
      className={className}
      {...props}
    >
      {children}
    </PortalPanel>
  );
}

/** The overlay, the panel and its corner close button, shared by the dialog and the sheet. */
function PortalPanel({
  slot,
  baseClassName,
  closeLabel,
  className,
  children,
  ...props
}: React.ComponentProps<typeof DialogPrimitive.Content> & {
  slot: string;
  baseClassName: string;
  closeLabel: string;
}) {
  return (
    <DialogPrimitive.Portal>
      <DialogOverlay />
      <DialogPrimitive.Content data-slot={slot} className={cn(baseClassName, className)} {...props}>
        {children}
        <DialogPrimitive.Close
          className="absolute top-3 right-3 rounded-md p-1 text-muted-foreground hover:bg-accent hover:text-foreground"
          aria-label={closeLabel}
        >
          <XIcon className="size-4" />
        </DialogPrimitive.Close>
      </DialogPrimitive.Content>
    </DialogPrimitive.Portal>
  );
}

const DialogHeader = part('div', 'dialog-header', 'grid gap-1.5 pr-6');
const DialogFooter = part('div', 'dialog-footer', 'flex flex-col-reverse gap-2 sm:flex-row sm:justify-end');
const DialogTitle = part(DialogPrimitive.Title, 'dialog-title', 'text-lg font-semibold');
const DialogDescription = part(
  DialogPrimitive.Description,
  'dialog-description',
  'text-sm text-muted-foreground',
);

/**
 * A dialog with its title (its accessible name) and description at the top, then `children`
 * (the body and a `DialogFooter`). `onOpenChange` also hears Escape and the close button.
 *
 * @example
 * <DialogFrame open={open} onOpenChange={setOpen} title="Revoke key?" description="…">
 *   <DialogFooter>…</DialogFooter>
 * </DialogFrame>
 */
function DialogFrame({
  open,
  onOpenChange,
  title,
  description,
  testId,
  className,
  children,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: React.ReactNode;
  description: React.ReactNode;
  testId?: string;
  className?: string;
  children: React.ReactNode;
}) {
  return (
    <DialogPrimitive.Root open={open} onOpenChange={onOpenChange}>
      <DialogContent className={className} data-testid={testId}>
        <DialogHeader>
          <DialogTitle>{title}</DialogTitle>
          <DialogDescription>{description}</DialogDescription>
        </DialogHeader>
        {children}
      </DialogContent>
    </DialogPrimitive.Root>
  );
}

export {
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogFrame,
  DialogHeader,
  DialogTitle,
  SheetContent,
};
