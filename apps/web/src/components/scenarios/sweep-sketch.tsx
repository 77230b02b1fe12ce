'use client';

import { formatSeconds } from './load-preview';
import { SKETCH_HEIGHT, SKETCH_WIDTH, SketchFigure, SketchSvg } from './sketch-frame';

// The drawing's own units; it stretches to the frame.
const GAP = 4;

interface SketchBar {
  label: string;
  /** Height as a share of the throughput rate: an illustration, the real rates are measured. */
  share: number;
  probe: boolean;
}

/**
 * The steps a sweep plans: the synchronous probe, the throughput probe, then `points` rates
 * evenly spaced between what the two probes achieve. The synchronous rate is drawn at a fifth of
 * the throughput rate: a guess for the picture only.
 */
export function sweepSketchBars(points: number): SketchBar[] {
  const low = 0.2;
  const bars: SketchBar[] = [
    { label: 'synchronous probe', share: low, probe: true },
    { label: 'throughput probe', share: 1, probe: true },
  ];
  for (let i = 0; i < points; i += 1)
    bars.push({ label: `point ${i + 1}`, share: low + ((1 - low) * i) / (points - 1), probe: false });
  return bars;
}

/** The sentence under the sketch: the steps, their length, and what is not known yet. */
export function describeSweep(points: number, durationS: number): string {
  const total = (points + 2) * durationS;
  return (
    `2 probes, then ${points} constant-rate points of ${formatSeconds(durationS)} each: about ${formatSeconds(total)} in all. ` +
    'The rates are known only after the probes: the first point runs at the rate the synchronous probe achieved, the last at the throughput probe’s.'
  );
}

/** A sketch of a sweep's steps, in order, for the benchmark dialog. */
export function SweepSketch({ points, durationS }: { points: number; durationS: number }) {
  const bars = sweepSketchBars(points);
  const width = SKETCH_WIDTH / bars.length;
  const text = describeSweep(points, durationS);
  return (
    <SketchFigure testId="series-preview" caption={text}>
      <SketchSvg label={`Planned sweep: ${text}`}>
        {bars.map((bar, i) => (
          <rect
            key={bar.label}
            x={i * width + GAP / 2}
            y={SKETCH_HEIGHT - bar.share * (SKETCH_HEIGHT - GAP)}
            width={Math.max(1, width - GAP)}
            height={bar.share * (SKETCH_HEIGHT - GAP)}
            className={bar.probe ? 'fill-muted-foreground/40' : 'fill-primary/70'}
          >
            <title>{bar.label}</title>
          </rect>
        ))}
      </SketchSvg>
      <div className="flex justify-between text-[11px] text-muted-foreground" aria-hidden="true">
        <span>probes</span>
        <span>points, lowest rate first →</span>
      </div>
    </SketchFigure>
  );
}
