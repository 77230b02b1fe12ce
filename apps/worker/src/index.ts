/** The worker as a library: its shutdown behaviour, for other entry points and tests. */
export { exitGracefullyOnSignals, HARD_EXIT_MS, type ShutdownOptions } from './shutdown.js';
