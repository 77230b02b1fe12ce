/** Number formats shared by every rendering of a result. */

/** Milliseconds, rounded to a whole number with thousands separators, or "–" when unknown. */
export function ms(value: number | null): string {
  return value === null ? '–' : `${Math.round(value).toLocaleString('en-US')} ms`;
}

/** A 0-1 rate as a percentage with one decimal, or "–". */
export function percent(value: number | null): string {
  return value === null ? '–' : `${(value * 100).toFixed(1)} %`;
}

/** An observed threshold figure: as it is, trimmed to 4 significant decimals. */
export function observed(value: number | null): string {
  return value === null ? '–' : String(Number(value.toFixed(4)));
}

/** A change against a baseline: percent, or percentage points for a rate. */
export function signed(change: number | null, metric: string): string {
  if (change === null) return '–';
  const unit = metric === 'success_rate' ? ' pp' : ' %';
  return `${change > 0 ? '+' : ''}${change.toFixed(1)}${unit}`;
}

/** The change a gated metric may regress by: `10 %`, or `2 pp` for a rate. */
export function allowance(check: { metric: string; max_change: number }): string {
  return `${check.max_change}${check.metric === 'success_rate' ? ' pp' : ' %'}`;
}
