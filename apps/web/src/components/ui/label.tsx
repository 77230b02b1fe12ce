'use client';

import * as LabelPrimitive from '@radix-ui/react-label';
import { part } from './part';

const Label = part(
  LabelPrimitive.Root,
  'label',
  'flex select-none items-center gap-2 text-sm font-medium leading-none',
);

export { Label };
