'use client';

import { useState } from 'react';
import { toast } from '@/components/ui/toast';

/** How long a copy button says "Copied" before it reads "Copy" again, ms. */
const COPIED_FOR_MS = 2000;

/**
 * Copying text to the clipboard from a button: `copied` is true for a moment after a copy; a
 * browser that refuses clipboard access gets a toast, with `whenRefused` saying what to do.
 *
 * @example
 * const { copied, copy } = useCopy('Select the key and copy it by hand.');
 * <Button onClick={() => copy(key)}>{copied ? 'Copied' : 'Copy'}</Button>
 */
export function useCopy(whenRefused = '') {
  const [copied, setCopied] = useState(false);
  const copy = async (text: string) => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
      setTimeout(() => setCopied(false), COPIED_FOR_MS);
    } catch {
      toast({
        title: 'Copy failed',
        description: `The browser did not allow clipboard access${whenRefused ? `: ${whenRefused}` : '.'}`,
        variant: 'destructive',
      });
    }
  };
  return { copied, copy };
}
