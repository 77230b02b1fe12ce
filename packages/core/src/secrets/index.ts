/** Credentials at rest: the key, AES-256-GCM envelopes, and automations' sealed credentials. `@tfbench/core/secrets`. */
export * from './automation-credentials.js';
export * from './data-folder-secret.js';
export * from './log-redaction.js';
export * from './open-secret-box.js';
export * from './reseal-credentials.js';
export * from './secret-box.js';
export * from './secret-key.js';
