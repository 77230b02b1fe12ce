/** The errors of signing in and of access, with the codes clients match on. */

import type { Role } from '../domain/index.js';
import { AppError } from '../errors/index.js';

export class UnauthenticatedError extends AppError {
  override readonly name = 'UnauthenticatedError';
  constructor(message = 'Sign in, or send an API key (Authorization: Bearer tfb_… or X-API-Key).') {
    super('UNAUTHENTICATED', 401, message);
  }
}

export class ForbiddenError extends AppError {
  override readonly name = 'ForbiddenError';
  constructor(needed: Role | string) {
    super('FORBIDDEN', 403, `This needs the ${needed} role or a stronger one.`, { details: { needed } });
  }
}

/** The same message whether the email or the password was wrong: it never tells which accounts exist. */
export class InvalidCredentialsError extends AppError {
  override readonly name = 'InvalidCredentialsError';
  constructor() {
    super('INVALID_CREDENTIALS', 401, 'The email or the password is wrong.');
  }
}

/** 429 with the seconds to wait, which the API sends as Retry-After. */
export class LoginThrottledError extends AppError {
  override readonly name = 'LoginThrottledError';
  readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds: number) {
    super('LOGIN_THROTTLED', 429, `Too many failed sign-ins; retry in ${retryAfterSeconds} s.`, {
      details: { retry_after_s: retryAfterSeconds },
    });
    this.retryAfterSeconds = retryAfterSeconds;
  }
}
