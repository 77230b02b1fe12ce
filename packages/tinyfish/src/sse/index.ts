/** TinyFish's events: the SSE messages of a run, read into TinyFish event types. */
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
