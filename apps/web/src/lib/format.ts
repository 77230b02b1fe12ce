/**
 * Display formatting for measured values. Every function takes a value that exists: deciding
 * what to show when a metric is missing is the caller's job (an explained empty state, never
 * "N/A").
 */

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** Rounds to `digits` significant digits without switching to exponent notation. */
function significant(value: number, digits: number): string {
  if (value === 0) return '0';
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  const decimals = Math.max(0, digits - 1 - magnitude);
  return value.toFixed(decimals);
}

/**
 * A duration in milliseconds, in the unit a person reads fastest: ms below a second, seconds
 * with two decimals below a minute, then minutes and hours.
 *
 * @example
 * formatMs(0.42); // '0.42 ms'
 * formatMs(87.4); // '87 ms'
 * formatMs(1234); // '1.23 s'
 * formatMs(125_000); // '2 min 5 s'
 */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  const abs = Math.abs(ms);
  const sign = ms < 0 ? '-' : '';
  if (abs < 10) return `${sign}${significant(abs, 2)} ms`;
  if (abs < 1000) return `${sign}${Math.round(abs)} ms`;
  if (abs < 60_000) {
    const seconds = abs / 1000;
    return `${sign}${seconds < 10 ? seconds.toFixed(2) : seconds.toFixed(1)} s`;
  }
  const totalSeconds = Math.round(abs / 1000);
  if (totalSeconds < 3600) {
    const minutes = Math.floor(totalSeconds / 60);
    const seconds = totalSeconds % 60;
    return seconds === 0 ? `${sign}${minutes} min` : `${sign}${minutes} min ${seconds} s`;
  }
  const minutes = Math.round(totalSeconds / 60);
  const rest = minutes % 60;
  return rest === 0 ? `${sign}${minutes / 60} h` : `${sign}${Math.floor(minutes / 60)} h ${rest} min`;
}

/**
 * A signed offset from a run's start, for timelines.
 *
 * @example
 * formatOffset(1523.4); // '+1.52 s'
 */
export function formatOffset(ms: number): string {
  return ms >= 0 ? `+${formatMs(ms)}` : formatMs(ms);
}

/**
 * A ratio in [0, 1] as a percentage.
 *
 * @example
 * formatPercent(0.9531); // '95.3%'
 * formatPercent(1); // '100%'
 */
export function formatPercent(ratio: number, digits = 1): string {
  const percent = ratio * 100;
  if (percent === 100 || percent === 0) return `${percent}%`;
  return `${percent.toFixed(digits)}%`;
}

/**
 * An amount in US dollars; small amounts keep three significant digits so per-run costs of
 * fractions of a cent stay distinguishable.
 *
 * @example
 * formatUsd(12.5); // '$12.50'
 * formatUsd(0.00123); // '$0.00123'
 */
export function formatUsd(usd: number): string {
  if (usd === 0) return '$0';
  const abs = Math.abs(usd);
  const sign = usd < 0 ? '-' : '';
  if (abs >= 1) return `${sign}$${abs.toFixed(2)}`;
  return `${sign}$${significant(abs, 3)}`;
}

/**
 * A count with thousands separators.
 *
 * @example
 * formatCount(12345); // '12,345'
 */
export function formatCount(n: number): string {
  return integer.format(n);
}

/**
 * A rate per minute with sensible precision.
 *
 * @example
 * formatRate(0.25); // '0.25'
 * formatRate(42.123); // '42.1'
 */
export function formatRate(perMinute: number): string {
  if (perMinute === 0) return '0';
  if (perMinute < 1) return significant(perMinute, 2);
  if (perMinute < 100) return perMinute.toFixed(1);
  return integer.format(perMinute);
}

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto', style: 'short' });

/**
 * How long ago (or how far ahead) a moment is, relative to `now`.
 *
 * @example
 * formatRelative('2025-01-01T12:00:00Z', new Date('2025-01-01T12:03:00Z')); // '3 min. ago'
 * formatRelative('2025-01-01T12:05:00Z', new Date('2025-01-01T12:00:00Z')); // 'in 5 min.'
 */
export function formatRelative(when: string | Date, now: Date = new Date()): string {
  return relativeFromSeconds((new Date(when).getTime() - now.getTime()) / 1000, when);
}

/**
 * How long ago something that has happened happened. The server stamps events with its own
 * clock; when it runs ahead of the browser's, a moment just past would read "in 5 sec.", so a
 * moment "in the future" counts as now.
 *
 * @example
 * formatAgo('2025-01-01T12:00:05Z', new Date('2025-01-01T12:00:00Z')); // 'just now'
 * formatAgo('2025-01-01T11:57:00Z', new Date('2025-01-01T12:00:00Z')); // '3 min. ago'
 */
export function formatAgo(when: string | Date, now: Date = new Date()): string {
  return relativeFromSeconds(Math.min(0, (new Date(when).getTime() - now.getTime()) / 1000), when);
}

/**
 * When something expected will happen. A moment already past (the clocks disagree, or the
 * event is late) reads "now" rather than "5 sec. ago".
 *
 * @example
 * formatUntil('2025-01-01T12:05:00Z', new Date('2025-01-01T12:00:00Z')); // 'in 5 min.'
 * formatUntil('2025-01-01T11:59:00Z', new Date('2025-01-01T12:00:00Z')); // 'now'
 */
export function formatUntil(when: string | Date, now: Date = new Date()): string {
  const deltaSeconds = (new Date(when).getTime() - now.getTime()) / 1000;
  return deltaSeconds < 5 ? 'now' : relativeFromSeconds(deltaSeconds, when);
}

function relativeFromSeconds(deltaSeconds: number, when: string | Date): string {
  const abs = Math.abs(deltaSeconds);
  if (abs < 5) return 'just now';
  if (abs < 60) return relative.format(Math.round(deltaSeconds), 'second');
  if (abs < 3600) return relative.format(Math.round(deltaSeconds / 60), 'minute');
  if (abs < 86_400) return relative.format(Math.round(deltaSeconds / 3600), 'hour');
  if (abs < 30 * 86_400) return relative.format(Math.round(deltaSeconds / 86_400), 'day');
  return formatDateTime(when);
}

const dateTime = new Intl.DateTimeFormat('en-GB', {
  year: 'numeric',
  month: 'short',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/**
 * An absolute date and time in the viewer's time zone.
 *
 * @example
 * formatDateTime('2025-01-31T12:00:00Z'); // '31 Jan 2025, 12:00:00' (in UTC)
 */
export function formatDateTime(when: string | Date): string {
  return dateTime.format(new Date(when));
}

const clock = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' });
const day = new Intl.DateTimeFormat('en-GB', { month: 'short', day: '2-digit' });

/**
 * A chart axis label for a bucket start: the time of day for spans under two days, else the date.
 *
 * @example
 * formatAxisTime('2025-01-31T12:00:00Z', 3_600_000); // '12:00'
 */
export function formatAxisTime(when: string | number | Date, spanMs: number): string {
  const date = new Date(when);
  return spanMs < 2 * 86_400_000 ? clock.format(date) : day.format(date);
}
