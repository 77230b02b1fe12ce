import type { ReactNode } from 'react';
import { Hint } from '@/components/ui/tooltip';
import { cn } from '@/lib/utils';

/**
 * One figure of a card's row of figures (an entry of its `<dl>`): a small label, the figure in
 * large digits, and an optional line of detail under it. A label with a `hint` is underlined
 * with dots and explains itself on hover or focus.
 *
 * @example
 * <dl className="grid grid-cols-2 gap-3"><FigureTile label="Runs" detail="2 in flight">12</FigureTile></dl>
 */
export function FigureTile({
  label,
  hint,
  detail,
  testId,
  className,
  children,
}: {
  label: ReactNode;
  hint?: ReactNode;
  detail?: ReactNode;
  /** The figure's `data-testid`. */
  testId?: string;
  /** A tile outside a card gets the card's background (`bg-card`). */
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className={cn('rounded-lg border px-3 py-2.5', className)}>
      <dt className="text-xs text-muted-foreground">
        {hint ? (
          <Hint text={hint}>
            <span className="cursor-help underline decoration-dotted underline-offset-4">{label}</span>
          </Hint>
        ) : (
          label
        )}
      </dt>
      {/* A dotted underline needs a little room under it. */}
      <dd className={cn('text-lg font-semibold tabular-nums', hint ? 'mt-0.5' : null)} data-testid={testId}>
        {children}
      </dd>
      {detail ? <dd className="text-xs text-muted-foreground tabular-nums">{detail}</dd> : null}
    </div>
  );
}
