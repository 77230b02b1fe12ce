/**
 * The Server-Sent Events parser (bytes in, events and comments out, memory bounded) and the
 * reader that stamps a stream's reads on arrival and parses them after.
 */
export {
  DEFAULT_MAX_LINE_BYTES,
  type SseComment,
  type SseItem,
  type SseLineTooLong,
  type SseMessage,
  SseParser,
  type SseParserOptions,
  type SseSink,
} from './parser.js';
export {
  isEventStream,
  type ReaderEnd,
  StampedStreamReader,
  type StreamProtocol,
} from './stamped-reader.js';
