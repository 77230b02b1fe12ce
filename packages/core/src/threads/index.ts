/** Worker threads of our own modules. `@tfbench/core/threads`. */
export * from './spawn-module-thread.js';
