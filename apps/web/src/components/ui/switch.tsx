'use client';

import * as SwitchPrimitive from '@radix-ui/react-switch';
import { part } from './part';

/** An on/off toggle (role="switch"). Give it an accessible name with aria-label or a Label. */
const Switch = part(
  SwitchPrimitive.Root,
  'switch',
  'peer inline-flex h-5 w-9 shrink-0 cursor-pointer items-center rounded-full border-2 border-transparent transition-colors disabled:cursor-not-allowed disabled:opacity-50 data-[state=checked]:bg-primary data-[state=unchecked]:bg-muted-foreground/35',
  () => (
    <SwitchPrimitive.Thumb className="pointer-events-none block size-4 rounded-full bg-background shadow-sm ring-0 transition-transform data-[state=checked]:translate-x-4 data-[state=unchecked]:translate-x-0" />
  ),
);

export { Switch };
