'use client';

import * as DropdownMenuPrimitive from '@radix-ui/react-dropdown-menu';
import type * as React from 'react';
import { cn } from '@/lib/utils';
import { floatingPart, part } from './part';

/** The primitive's parts that need no styling, under the names the rest of the kit uses. */
export { Root as DropdownMenu, Trigger as DropdownMenuTrigger } from '@radix-ui/react-dropdown-menu';

const DropdownMenuContent = floatingPart(
  DropdownMenuPrimitive,
  'dropdown-menu-content',
  'z-50 min-w-[10rem] overflow-hidden rounded-md border bg-popover p-1 text-popover-foreground shadow-lg',
  { sideOffset: 4 },
);

function DropdownMenuItem({
  className,
  variant = 'default',
  ...props
}: React.ComponentProps<typeof DropdownMenuPrimitive.Item> & { variant?: 'default' | 'destructive' }) {
  return (
    <DropdownMenuPrimitive.Item
      data-slot="dropdown-menu-item"
      data-variant={variant}
      className={cn(
        'relative flex cursor-default select-none items-center gap-2 rounded-sm px-2 py-1.5 text-sm outline-none focus:bg-accent focus:text-accent-foreground data-[disabled]:pointer-events-none data-[disabled]:opacity-50 data-[variant=destructive]:text-destructive [&_svg]:size-4',
        className,
      )}
      {...props}
    />
  );
}

const DropdownMenuSeparator = part(
  DropdownMenuPrimitive.Separator,
  'dropdown-menu-separator',
  '-mx-1 my-1 h-px bg-border',
);
const DropdownMenuLabel = part(
  DropdownMenuPrimitive.Label,
  'dropdown-menu-label',
  'px-2 py-1.5 text-xs font-medium text-muted-foreground',
);

/**
 * A menu that `trigger` (the button itself, e.g. a "⋯" icon button) opens; the other props place
 * the popover of items.
 *
 * @example
 * <Menu trigger={<Button aria-label="Actions">⋯</Button>} align="end"><DropdownMenuItem>Edit</DropdownMenuItem></Menu>
 */
function Menu({
  trigger,
  children,
  ...content
}: { trigger: React.ReactElement } & React.ComponentProps<typeof DropdownMenuPrimitive.Content>) {
  return (
    <DropdownMenuPrimitive.Root>
      <DropdownMenuPrimitive.Trigger asChild>{trigger}</DropdownMenuPrimitive.Trigger>
      <DropdownMenuContent {...content}>{children}</DropdownMenuContent>
    </DropdownMenuPrimitive.Root>
  );
}

export { DropdownMenuContent, DropdownMenuItem, DropdownMenuLabel, DropdownMenuSeparator, Menu };
