import type { ComponentProps, ElementType, JSX } from 'react';
import { cn } from '@/lib/utils';

/**
 * A styled part of a composite widget (a card's header, a table's row, a dialog's title): the
 * element or component given, marked `data-slot` for styling from outside, with its own
 * classes first and the caller's after, so the caller's win.
 *
 * @example
 * const CardContent = part('div', 'card-content', 'px-4 py-4 sm:px-5');
 */
export function part<T extends ElementType>(Element: T, slot: string, classes: string) {
  const Tag = Element as ElementType;
  function Part({ className, ...props }: ComponentProps<T> & { className?: string }): JSX.Element {
    return <Tag data-slot={slot} className={cn(classes, className)} {...props} />;
  }
  Part.displayName = slot;
  return Part;
}
