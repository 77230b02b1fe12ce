import type { ComponentProps, ElementType, JSX, ReactNode } from 'react';
import { cn } from '@/lib/utils';

/**
 * A styled part of a composite widget (a card's header, a table's row, a dialog's title): the
 * element or component given, marked `data-slot` for styling from outside, with its own
 * classes first and the caller's after, so the caller's win. `inner` draws fixed markup around
 * (or instead of) the caller's children: a select trigger's chevron, a switch's thumb.
 *
 * @example
 * const CardContent = part('div', 'card-content', 'px-4 py-4 sm:px-5');
 */
export function part<T extends ElementType>(
  Element: T,
  slot: string,
  classes: string,
  inner?: (children: ReactNode) => ReactNode,
) {
  const Tag = Element as ElementType;
  function Part({ className, children, ...props }: ComponentProps<T> & { className?: string }): JSX.Element {
    return (
      <Tag data-slot={slot} className={cn(classes, className)} {...props}>
        {inner ? inner(children) : children}
      </Tag>
    );
  }
  Part.displayName = slot;
  return Part;
}

/**
 * The popover of a floating primitive (a menu's, a tooltip's): its `Content` styled as a part
 * and rendered through its `Portal` so no clipping container cuts it off, with `defaults` (its
 * distance from the trigger) that the caller may override.
 *
 * @example
 * const TooltipContent = floatingPart(TooltipPrimitive, 'tooltip-content', 'z-50 …', { sideOffset: 6 });
 */
export function floatingPart<T extends ElementType>(
  primitive: { Portal: ElementType<{ children: ReactNode }>; Content: T },
  slot: string,
  classes: string,
  defaults: Partial<ComponentProps<T>>,
) {
  const Portal = primitive.Portal as ElementType;
  const Content = part(primitive.Content, slot, classes) as ElementType;
  // biome-ignore lint/correctness/noComponentHookFactories: made once per module at load, like `part`, never during a render
  function FloatingPart(props: ComponentProps<T> & { className?: string }): JSX.Element {
    return (
      <Portal>
        <Content {...defaults} {...props} />
      </Portal>
    );
  }
  FloatingPart.displayName = slot;
  return FloatingPart;
}
