/**
 * Accounts, sessions, API keys and roles: `@tfbench/core/auth`. The API's auth plugin turns
 * credentials into a `Principal` with these functions and checks it against each route's rule.
 */
export * from './api-keys.js';
export * from './audit.js';
export * from './authenticate.js';
export * from './bootstrap.js';
export * from './errors.js';
export * from './login-throttle.js';
export { hashPassword, verifyPassword } from './password.js';
export * from './principal.js';
export * from './sign-in.js';
export { MemoryThrottleStore, RedisThrottleStore, type ThrottleStore } from './throttle-store.js';
export { generateApiKey, generateToken, sha256 } from './tokens.js';
export * from './users.js';
