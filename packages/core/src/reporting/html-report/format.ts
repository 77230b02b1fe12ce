/** How the report writes numbers, durations and instants: compact, unit-bearing, UTC. */

export const DASH = '–';

/** `842 ms`, `1.24 s`, `12.4 s`, `3 min 05 s`; a dash for a missing figure. */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return DASH;
  const abs = Math.abs(ms);
  if (abs < 1) return `${ms.toFixed(2)} ms`;
  if (abs < 1_000) return `${Math.round(ms)} ms`;
  if (abs < 10_000) return `${(ms / 1_000).toFixed(2)} s`;
  if (abs < 60_000) return `${(ms / 1_000).toFixed(1)} s`;
  const minutes = Math.floor(abs / 60_000);
  const seconds = Math.round((abs % 60_000) / 1_000);
  return `${ms < 0 ? '-' : ''}${minutes} min ${String(seconds).padStart(2, '0')} s`;
}

/** A short axis label for a duration: `250ms`, `1.5s`, `2m`. */
export function axisMs(ms: number): string {
  if (ms === 0) return '0';
  if (Math.abs(ms) < 1_000) return `${trim(ms)}ms`;
  if (Math.abs(ms) < 60_000) return `${trim(ms / 1_000)}s`;
  if (Math.abs(ms) < 3_600_000) return `${trim(ms / 60_000)}m`;
  return `${trim(ms / 3_600_000)}h`;
}

/** Up to three significant digits, no trailing zeros. */
export function trim(value: number): string {
  return String(Number.parseFloat(value.toPrecision(3)));
}

export function formatCount(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return DASH;
  return Math.round(n).toLocaleString('en-US');
}

/** A plain figure (tokens, tokens/s): grouped thousands, at most `digits` decimals. */
export function formatNumber(n: number | null | undefined, digits = 2): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return DASH;
  return n.toLocaleString('en-US', { maximumFractionDigits: digits });
}

/** A proportion as a percentage: `97.5 %`. */
export function formatPercent(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return DASH;
  return `${Number.parseFloat((p * 100).toFixed(1))} %`;
}

export function formatUsd(usd: number | null | undefined): string {
  if (usd === null || usd === undefined || !Number.isFinite(usd)) return DASH;
  return `$${usd.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: usd < 1 ? 4 : 2 })}`;
}

/** `2026-12-04 19:20:01 UTC`: the same in every reader's time zone. */
export function formatInstant(when: Date | string | null | undefined): string {
  const date = toDate(when);
  if (!date) return DASH;
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

export function toDate(when: Date | string | null | undefined): Date | null {
  if (when === null || when === undefined) return null;
  const date = when instanceof Date ? when : new Date(when);
  return Number.isNaN(date.getTime()) ? null : date;
}
