/**
 * Transport limits of the API server. Each bounds what one client can make the server hold:
 * memory (body size), sockets (time to send a request) and routing work (parameter length).
 */

/** Largest accepted request body: 1 MiB. Above it the answer is 413. */
export const BODY_LIMIT_BYTES = 1024 * 1024;

/** Time a client has to send a whole request (headers and body); guards against slowloris. */
export const REQUEST_TIMEOUT_MS = 30_000;

/** How often the server looks for requests past their deadline (so one is held ≤ 1 s longer). */
export const TIMEOUT_CHECK_INTERVAL_MS = 1_000;

/** Time a new socket may stay silent before it is closed. */
export const CONNECTION_TIMEOUT_MS = 10_000;

/** Time an idle keep-alive socket is kept open between requests. */
export const KEEP_ALIVE_TIMEOUT_MS = 5_000;

/** Longest path parameter the router accepts; longer ones match no route (404). */
export const MAX_PARAM_LENGTH = 100;
