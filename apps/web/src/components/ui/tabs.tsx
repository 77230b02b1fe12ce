'use client';

import * as TabsPrimitive from '@radix-ui/react-tabs';
import { part } from './part';

const Tabs = TabsPrimitive.Root;

const TabsList = part(
  TabsPrimitive.List,
  'tabs-list',
  'inline-flex h-9 items-center rounded-lg bg-muted p-1 text-muted-foreground',
);
const TabsTrigger = part(
  TabsPrimitive.Trigger,
  'tabs-trigger',
  'inline-flex h-7 items-center justify-center whitespace-nowrap rounded-md px-3 text-sm font-medium transition-colors data-[state=active]:bg-background data-[state=active]:text-foreground data-[state=active]:shadow-sm',
);
const TabsContent = part(TabsPrimitive.Content, 'tabs-content', 'mt-3 outline-none');

export { Tabs, TabsContent, TabsList, TabsTrigger };
