'use client';

import type { ReactElement } from 'react';
import { ResponsiveContainer } from 'recharts';

/** A chart's fixed size, for a place that cannot measure its container (a test's DOM, a print). */
export interface ChartSize {
  width: number;
  height: number;
}

/**
 * The chart filling its container, or at a fixed size when `size` is given; `draw` receives
 * the size to pass to the Recharts chart element (undefined inside the responsive container).
 */
export function FixedOrResponsive({
  size,
  draw,
}: {
  size: ChartSize | undefined;
  draw: (size: ChartSize | undefined) => ReactElement;
}) {
  if (size) return draw(size);
  return (
    <ResponsiveContainer width="100%" height="100%">
      {draw(undefined)}
    </ResponsiveContainer>
  );
}
