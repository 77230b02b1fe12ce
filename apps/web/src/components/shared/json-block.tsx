'use client';

import * as Collapsible from '@radix-ui/react-collapsible';
import { CheckIcon, ChevronDownIcon, CopyIcon } from 'lucide-react';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { cn } from '@/lib/utils';
import { useCopy } from './use-copy';

/**
 * A titled, collapsible, copyable view of a JSON value.
 *
 * @example
 * <JsonBlock title="Full response" value={run.response_json} />
 */
export function JsonBlock({
  title,
  value,
  defaultOpen = false,
  emptyText = 'Nothing recorded.',
}: {
  title: string;
  value: unknown;
  defaultOpen?: boolean;
  emptyText?: string;
}) {
  const [open, setOpen] = useState(defaultOpen);
  const { copied, copy } = useCopy();
  const isEmpty = value === null || value === undefined;
  const text = isEmpty ? '' : JSON.stringify(value, null, 2);

  return (
    <Collapsible.Root
      open={open}
      onOpenChange={setOpen}
      className="rounded-lg border"
      data-testid="json-block"
    >
      <div className="flex items-center gap-2 px-3 py-2">
        <Collapsible.Trigger asChild>
          <button
            type="button"
            className="flex flex-1 items-center gap-2 text-left text-sm font-medium"
            disabled={isEmpty}
          >
            <ChevronDownIcon
              className={cn('size-4 transition-transform', !open && '-rotate-90', isEmpty && 'opacity-40')}
              aria-hidden="true"
            />
            {title}
            {isEmpty ? <span className="font-normal text-muted-foreground">— {emptyText}</span> : null}
          </button>
        </Collapsible.Trigger>
        {!isEmpty ? (
          <Button variant="ghost" size="sm" onClick={() => copy(text)} aria-label={`Copy ${title}`}>
            {copied ? <CheckIcon /> : <CopyIcon />}
            <span className="hidden sm:inline">{copied ? 'Copied' : 'Copy'}</span>
          </Button>
        ) : null}
      </div>
      <Collapsible.Content>
        <pre
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard to scroll a long line
          tabIndex={0}
          className="max-h-[28rem] overflow-auto border-t bg-muted/40 px-3 py-2 font-mono text-xs leading-relaxed"
        >
          {text}
        </pre>
      </Collapsible.Content>
    </Collapsible.Root>
  );
}
