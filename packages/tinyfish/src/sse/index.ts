export {
  type EventParseFailure,
  eventTypeOf,
  isEventParseFailure,
  normalizeRunError,
  parseTinyFishEvent,
  readEventObject,
  runIdOf,
  streamingUrlOf,
  type TinyFishEvent,
  timestampOf,
  toTinyFishEvent,
  type UpstreamRunError,
} from './normalize.js';
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
