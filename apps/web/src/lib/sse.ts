/**
 * An incremental parser of the `text/event-stream` format (WHATWG HTML, "server-sent
 * events"). The dashboard reads `/api/v1/events` with `fetch` rather than `EventSource`
 * because EventSource only surfaces named events one listener per name — the names would
 * have to be known in advance — and it cannot tell a 404 (no live endpoint on this API
 * version) from a dropped connection.
 */

/** One dispatched event. `event` is "message" when the server sent no `event:` field. */
export interface SseMessage {
  event: string;
  data: string;
  /** The last `id:` seen on the stream so far (sticky, as the spec says). */
  id: string | undefined;
  /** Reconnection delay the server asked for, in ms, if any. */
  retry: number | undefined;
}

/**
 * Feeds chunks of text and returns the events they complete. Keeps partial lines and
 * partial events between calls.
 *
 * @example
 * const parser = createSseParser();
 * parser.push('event: run\ndata: {"id":1}\n'); // []
 * parser.push('\n'); // [{ event: 'run', data: '{"id":1}', id: undefined, retry: undefined }]
 */
export function createSseParser() {
  let buffer = '';
  let eventName = '';
  let data: string[] = [];
  let lastId: string | undefined;
  let retry: number | undefined;
  let hasData = false;

  function processLine(line: string, out: SseMessage[]) {
    if (line === '') {
      if (hasData) out.push({ event: eventName || 'message', data: data.join('\n'), id: lastId, retry });
      eventName = '';
      data = [];
      hasData = false;
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'event':
        eventName = value;
        break;
      case 'data':
        data.push(value);
        hasData = true;
        break;
      case 'id':
        if (!value.includes('\u0000')) lastId = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) retry = Number(value);
        break;
      default:
        break;
    }
  }

  return {
    push(chunk: string): SseMessage[] {
      buffer += chunk;
      const out: SseMessage[] = [];
      // A line ends at CRLF, LF or CR; a trailing CR may be the first half of a CRLF, so wait.
      const pattern = /\r\n|\n|\r(?!$)/g;
      let start = 0;
      let match: RegExpExecArray | null = pattern.exec(buffer);
      while (match !== null) {
        processLine(buffer.slice(start, match.index), out);
        start = match.index + match[0].length;
        match = pattern.exec(buffer);
      }
      buffer = buffer.slice(start);
      return out;
    },
    /** The id to send as Last-Event-ID when reconnecting. */
    get lastEventId(): string | undefined {
      return lastId;
    },
  };
}
