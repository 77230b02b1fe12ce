'use client';

import * as TooltipPrimitive from '@radix-ui/react-tooltip';
import type * as React from 'react';
import { floatingPart } from './part';

/** The primitive's parts that need no styling, under the names the rest of the kit uses. */
export {
  Provider as TooltipProvider,
  Root as Tooltip,
  Trigger as TooltipTrigger,
} from '@radix-ui/react-tooltip';

const TooltipContent = floatingPart(
  TooltipPrimitive,
  'tooltip-content',
  'z-50 max-w-xs rounded-md bg-foreground px-2.5 py-1.5 text-xs text-background shadow-md',
  { sideOffset: 6 },
);

/**
 * A hover/focus hint around one trigger element.
 *
 * @example
 * <Hint text="Time to first PROGRESS event"><span>TTFT</span></Hint>
 */
function Hint({ text, children }: { text: React.ReactNode; children: React.ReactElement }) {
  return (
    <TooltipPrimitive.Root>
      <TooltipPrimitive.Trigger asChild>{children}</TooltipPrimitive.Trigger>
      <TooltipContent>{text}</TooltipContent>
    </TooltipPrimitive.Root>
  );
}

export { Hint, TooltipContent };
