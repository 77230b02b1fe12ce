/**
 * The queue lead of open-arrival runs. It is defined with the engine, which hands every run
 * to the queue; the benchmark code that lays out send times reads it from here.
 */
export { QUEUE_LEAD_MS, queueDelayFor } from '../engine/queue-lead.js';
