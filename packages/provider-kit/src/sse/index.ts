/** The Server-Sent Events parser: bytes in, events and comments out, memory bounded. */
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
