import type * as React from 'react';
import { cn } from '@/lib/utils';

const fieldBase =
  'w-full min-w-0 rounded-md border border-input bg-background px-3 text-sm shadow-xs outline-none transition-colors placeholder:text-muted-foreground focus-visible:border-ring focus-visible:ring-2 focus-visible:ring-ring/40 disabled:cursor-not-allowed disabled:opacity-50 aria-invalid:border-destructive aria-invalid:ring-destructive/30';

/** A single-line text input. */
function Input({ className, type = 'text', ...props }: React.ComponentProps<'input'>) {
  return <input data-slot="input" type={type} className={cn(fieldBase, 'h-9 py-1', className)} {...props} />;
}

/** A multi-line text input; monospace when it holds JSON or expressions (`font-mono`). */
function Textarea({ className, ...props }: React.ComponentProps<'textarea'>) {
  return <textarea data-slot="textarea" className={cn(fieldBase, 'min-h-20 py-2', className)} {...props} />;
}

/** A monospace, spell-check-free `Textarea` for JSON, expressions and one-rule-per-line lists. */
function CodeTextarea({ className, ...props }: React.ComponentProps<'textarea'>) {
  return <Textarea spellCheck={false} className={cn('font-mono text-xs', className)} {...props} />;
}

export { CodeTextarea, Input, Textarea };
