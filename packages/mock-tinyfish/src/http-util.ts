import type { IncomingMessage, ServerResponse } from 'node:http';
import { type InputIssue, summariseIssues } from './issues.js';
import type { FaultKind } from './model.js';
import type { StatsCounters } from './stats.js';
import { envelope } from './wire.js';

/** One request as kept in the request log (GET /__mock/requests). */
export interface RequestLogEntry {
  /** 1-based order of arrival since start or reset. */
  seq: number;
  received_epoch_ms: number;
  method: string;
  path: string;
  /** The matched route, e.g. "POST /v1/automation/run-sse"; "other" when none matched. */
  route: string;
  /** HTTP status sent, null while no status line has gone out (or never will: drop, hang). */
  status: number | null;
  fault: FaultKind | null;
  run_id: string | null;
}

/** What both mocks thread through their handlers for every request. */
export interface BaseRequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  /** Monotonic ms at handler entry: the zero of this request's ground-truth offsets. */
  receivedAt: number;
}

/** Per-request state threaded through the handlers. */
export interface RequestContext extends BaseRequestContext {
  /** Hash of the caller's API key, or null when the server has no key. */
  owner: string | null;
  log: RequestLogEntry;
  stats: StatsCounters;
}

/** Sends a JSON body with an explicit length (not chunked). */
export function sendJson(
  ctx: RequestContext,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  ctx.log.status = status;
  sendCountedJson(ctx, status, body, headers);
}

/** A request whose responses are counted by status. */
export interface CountedRequestContext extends BaseRequestContext {
  stats: { response(status: number): void };
}

/** Counts the response, then sends it as JSON with an explicit length (not chunked). */
export function sendCountedJson(
  ctx: CountedRequestContext,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  ctx.stats.response(status);
  writeJson(ctx.res, status, body, headers);
}

/** Writes a JSON body with an explicit length (not chunked); both mocks answer this way. */
export function writeJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': String(Buffer.byteLength(json)),
    ...headers,
  });
  res.end(json);
}

/** 400 INVALID_INPUT naming the first offending field, with every issue in `details`. */
export function invalidInput(ctx: RequestContext, issues: InputIssue[]): void {
  sendJson(ctx, 400, envelope('INVALID_INPUT', summariseIssues(issues), { details: issues }));
}

/** Records a status whose headers the caller writes itself (SSE, hang). */
export function noteStatus(ctx: RequestContext, status: number): void {
  ctx.log.status = status;
  ctx.stats.response(status);
}

export class BodyTooLargeError extends Error {}

/** Reads the whole body as text, failing beyond `limit` bytes. */
export function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(new BodyTooLargeError(`Request body exceeds ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
