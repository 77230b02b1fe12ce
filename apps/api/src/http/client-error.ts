/**
 * Answers for requests Node's HTTP parser refuses before Fastify sees them (headers too large,
 * a request sent too slowly, bytes that are not HTTP), in the one error envelope like every
 * other error. Fastify's default handler writes its own body shape instead.
 */
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { type ErrorBody, errorBody } from './error-handler.js';

interface ClientErrorAnswer {
  status: number;
  reason: string;
  body: ErrorBody;
}

/** The status and envelope for a parser or socket error, by Node's error code. */
export function clientErrorAnswer(code: string | undefined, requestTimeoutMs: number): ClientErrorAnswer {
  if (code === 'HPE_HEADER_OVERFLOW') {
    return answer(431, 'Request Header Fields Too Large', 'HEADERS_TOO_LARGE', {
      message: 'The request headers are too large; send fewer or shorter headers.',
      field: 'headers',
      rule: 'must be at most 16 KiB in total',
    });
  }
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    const seconds = requestTimeoutMs / 1000;
    return answer(408, 'Request Timeout', 'REQUEST_TIMEOUT', {
      message: `The request was not received completely within ${seconds} s; send it faster.`,
      field: 'body',
      rule: `headers and body must arrive within ${seconds} s`,
    });
  }
  return answer(400, 'Bad Request', 'BAD_REQUEST', {
    message: 'The request is not valid HTTP/1.1.',
    field: 'request',
    rule: 'must be a well-formed HTTP/1.1 request',
  });
}

/** One answer: the status line, and the envelope naming the one part of the request at fault. */
function answer(
  status: number,
  reason: string,
  code: string,
  fault: { message: string; field: string; rule: string },
): ClientErrorAnswer {
  return {
    status,
    reason,
    body: errorBody(code, fault.message, [{ field: fault.field, message: fault.rule }]),
  };
}

/**
 * Fastify's `clientErrorHandler`: writes the answer on the raw socket (no route, no reply object
 * exists yet) and closes it.
 */
export function clientErrorHandler(requestTimeoutMs: number) {
  return function handle(this: FastifyInstance, error: NodeJS.ErrnoException, socket: Socket): void {
    // A reset connection has no one to answer.
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const answer = clientErrorAnswer(error.code, requestTimeoutMs);
    this.log.debug({ code: error.code, status: answer.status }, 'client error');
    if (socket.writable) {
      const body = JSON.stringify(answer.body);
      socket.write(
        `HTTP/1.1 ${answer.status} ${answer.reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    }
    socket.destroy();
  };
}
