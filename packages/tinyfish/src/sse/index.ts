/** TinyFish's events: the SSE messages of a run, read into TinyFish event types. */
export * from './normalize.js';
