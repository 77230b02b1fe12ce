/**
 * The cursor of the run list's keyset paging: the last run of a page, as an opaque
 * base64url string of its id and created_at (milliseconds; the repository reads the exact
 * instant back by id).
 */
import type { RunCursor } from '../repositories/run-analytics.js';
import type { IssueList } from './checks.js';
import { isStorableId } from './checks.js';

export function encodeRunCursor(run: RunCursor): string {
  return Buffer.from(`${run.id}.${run.created_at.getTime()}`).toString('base64url');
}

/** The run `text` points after; an issue on `cursor` when it is not one this API gave. */
export function decodeRunCursor(text: string, issues: IssueList): RunCursor | undefined {
  const match = /^([0-9]{1,10})\.(-?[0-9]{1,16})$/.exec(
    /^[A-Za-z0-9_-]{1,100}$/.test(text) ? Buffer.from(text, 'base64url').toString('latin1') : '',
  );
  const id = Number(match?.[1]);
  const at = new Date(Number(match?.[2]));
  if (!match || !isStorableId(id) || Number.isNaN(at.getTime())) {
    issues.add('cursor', 'must be the x-next-cursor of a previous page of this list');
    return undefined;
  }
  return { id, created_at: at };
}
