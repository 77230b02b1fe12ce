import type { ReactNode } from 'react';
import { cn } from '@/lib/utils';

/** The drawing space of the dialog's load sketches, stretched to the figure's width. */
export const SKETCH_WIDTH = 400;
export const SKETCH_HEIGHT = 100;

/**
 * The frame of a sketch in the benchmark dialog: the drawing with the sentence that describes it
 * under it, tested as `testId` and `testId`-caption.
 */
export function SketchFigure({
  testId,
  caption,
  children,
}: {
  testId: string;
  caption: string;
  children: ReactNode;
}) {
  return (
    <figure className="grid gap-1 rounded-md border p-2" data-testid={testId}>
      {children}
      <figcaption className="text-xs text-muted-foreground" data-testid={`${testId}-caption`}>
        {caption}
      </figcaption>
    </figure>
  );
}

/** The sketch's SVG, read out to screen readers as `label`; `className` adds its axis lines. */
export function SketchSvg({
  label,
  className,
  children,
}: {
  label: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <svg
      viewBox={`0 0 ${SKETCH_WIDTH} ${SKETCH_HEIGHT}`}
      preserveAspectRatio="none"
      className={cn('h-20 w-full border-b', className)}
      role="img"
      aria-label={label}
    >
      {children}
    </svg>
  );
}
