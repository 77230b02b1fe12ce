/**
 * `@tfbench/core/events`: the live event bus (Redis Stream across processes, or in-process)
 * behind the SSE endpoint, and the typed events it carries.
 */
export { type CreateEventBusOptions, createEventBus } from './create-event-bus.js';
export { EventBusUnavailableError } from './errors.js';
export { compareEventIds, isEventId } from './event-ids.js';
export { matchesFilter } from './filter.js';
export { type ResumedSubscription, subscribeSince } from './subscribe-since.js';
export * from './types.js';
