/**
 * A histogram of the values summarised by a DDSketch: bin edges chosen by the same rules as
 * for raw values (from the sketch's quantiles), and each sketch bucket counted in the bin
 * holding its representative value. A value can land in the bin next to its own only when it
 * lies within the sketch's relative accuracy (0.5 %) of an edge.
 */
import type { DDSketch } from './ddsketch.js';
import { chooseHistogramScale, type HistogramBin, type HistogramScale, histogram } from './histogram.js';

/** Quantiles of the sketch that stand in for its values when choosing edges. */
const EDGE_SAMPLE = 1_000;

/** The sketch's buckets as (representative value, count), in ascending order of value. */
export function sketchBuckets(sketch: DDSketch): Array<[number, number]> {
  const json = sketch.toJSON();
  const gamma = (1 + json.a) / (1 - json.a);
  const representative = (index: number) => (2 * gamma ** index) / (gamma + 1);
  const clamp = (v: number) => Math.min(json.max ?? v, Math.max(json.min ?? v, v));
  const out: Array<[number, number]> = [];
  const decode = (store: { i: number[]; c: number[] }, sign: 1 | -1) => {
    const entries: Array<[number, number]> = [];
    let index = 0;
    store.i.forEach((step, k) => {
      index = k === 0 ? step : index + step;
      entries.push([clamp(sign * representative(index)), store.c[k] as number]);
    });
    return entries;
  };
  out.push(...decode(json.m, -1).reverse());
  if (json.z > 0) out.push([0, json.z]);
  out.push(...decode(json.p, 1));
  return out;
}

/**
 * Bins for the values of `sketch`: `bins` ('auto' or a count) and `scale` as in
 * `histogram()`, whose edge rules this reuses on an evenly spaced sample of the sketch's
 * quantiles (so the bins have the shape of the data, from its exact minimum to maximum).
 */
export function histogramOfSketch(
  sketch: DDSketch,
  options: { bins?: number | 'auto'; scale?: HistogramScale },
): { scale: HistogramScale; bins: HistogramBin[] } {
  if (sketch.count === 0) return { scale: options.scale ?? 'linear', bins: [] };
  const size = Math.min(EDGE_SAMPLE, sketch.count);
  const sample: number[] = [];
  for (let k = 0; k < size; k++) sample.push(sketch.quantile(size === 1 ? 0 : k / (size - 1)) as number);
  const scale = options.scale ?? chooseHistogramScale(sample);
  const shape = histogram(sample, { bins: options.bins ?? 'auto', scale });
  const bins = shape.map((bin) => ({ ...bin, count: 0 }));
  let at = 0;
  for (const [value, count] of sketchBuckets(sketch)) {
    while (at < bins.length - 1 && value >= (bins[at] as HistogramBin).upper) at++;
    (bins[at] as HistogramBin).count += count;
  }
  return { scale, bins };
}
