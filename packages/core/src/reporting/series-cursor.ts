/**
 * The `cursor` of a paged time series: where the next page starts, and the range and bucket
 * the first page resolved, so that every page of one series uses the same buckets even when
 * `auto` would pick another width for what is left. Opaque to clients (base64url JSON).
 */
import type { IssueList } from '../services/checks.js';

export interface SeriesCursor {
  bucket: '1m' | '5m' | '1h' | '1d';
  /** The series' range, in ms since the epoch. */
  from: number;
  to: number;
  /** The start of the next page's first bucket. */
  next: number;
}

const BUCKETS = new Set(['1m', '5m', '1h', '1d']);
const MAX_CURSOR_LENGTH = 200;

export function encodeSeriesCursor(cursor: SeriesCursor): string {
  return Buffer.from(JSON.stringify([cursor.bucket, cursor.from, cursor.to, cursor.next])).toString(
    'base64url',
  );
}

/** The cursor `text` stands for; an issue on `cursor` when it is not one this API gave. */
export function decodeSeriesCursor(text: string, issues: IssueList): SeriesCursor | undefined {
  const refuse = () => issues.add('cursor', 'must be the next_cursor of a previous page of this series');
  if (text.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(text)) return void refuse();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return void refuse();
  }
  if (!Array.isArray(value) || value.length !== 4) return void refuse();
  const [bucket, from, to, next] = value as unknown[];
  const isTime = (v: unknown): v is number => Number.isSafeInteger(v) && Math.abs(v as number) <= 8.64e15;
  if (typeof bucket !== 'string' || !BUCKETS.has(bucket) || ![from, to, next].every(isTime)) {
    return void refuse();
  }
  if (!((from as number) <= (next as number) && (next as number) < (to as number))) return void refuse();
  return {
    bucket: bucket as SeriesCursor['bucket'],
    from: from as number,
    to: to as number,
    next: next as number,
  };
}
