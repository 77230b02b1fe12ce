/**
 * The sign-in and setup forms' reading of an API refusal: a message for the form, messages
 * for its fields, and what the form must do next (wait, ask for the setup token, send the
 * visitor to sign in).
 */
import { ApiError } from '../api';

export interface AuthFormError {
  /** Shown above the submit button. */
  form?: string;
  /** Keyed by the form's field names (`email`, `password`, `setup_token`). */
  fields: Record<string, string>;
  /** Epoch ms before which another attempt is refused (a throttled sign-in). */
  retryAt?: number;
  /** The API wants the one-time setup token: this browser is not on its machine. */
  needsSetupToken?: boolean;
  /** Someone already created the administrator. */
  setupDone?: boolean;
}

/** Used when a 429 does not say how long to wait. */
const DEFAULT_WAIT_S = 30;

/**
 * @example
 * authFormError(new ApiError(401, 'INVALID_CREDENTIALS', '…')).form; // 'Wrong email or password.'
 */
export function authFormError(error: unknown, now = Date.now()): AuthFormError {
  if (!(error instanceof ApiError)) {
    return { form: error instanceof Error ? error.message : String(error), fields: {} };
  }
  switch (error.code) {
    case 'INVALID_CREDENTIALS':
      // One message whichever of the two was wrong, like the API: it must not reveal accounts.
      return { form: 'Wrong email or password.', fields: {} };
    case 'LOGIN_THROTTLED':
      return {
        form: 'Too many sign-in attempts.',
        fields: {},
        retryAt: now + (error.retryAfterS ?? DEFAULT_WAIT_S) * 1000,
      };
    case 'SETUP_TOKEN_REQUIRED':
      return {
        form: 'This browser is not on the machine that runs the API, so the setup needs the one-time setup token the API printed in its log.',
        fields: {},
        needsSetupToken: true,
      };
    case 'SETUP_DONE':
      return {
        form: 'The administrator has already been created. Sign in instead.',
        fields: {},
        setupDone: true,
      };
    default: {
      const fields = error.fieldErrors;
      if (Object.keys(fields).length > 0) return { fields };
      return { form: error.message, fields: {} };
    }
  }
}

/**
 * "Try again in 42 s" / "in 2 min 5 s" for a throttled form.
 *
 * @example
 * waitText(125_000); // '2 min 5 s'
 */
export function waitText(ms: number): string {
  const s = Math.max(1, Math.ceil(ms / 1000));
  if (s < 60) return `${s} s`;
  const rest = s % 60;
  return rest === 0 ? `${Math.floor(s / 60)} min` : `${Math.floor(s / 60)} min ${rest} s`;
}

/** The password rule of the API, checked before sending so the form can say it at once. */
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 256;

export function passwordProblem(password: string): string | undefined {
  if (password.length < PASSWORD_MIN) return `Use at least ${PASSWORD_MIN} characters.`;
  if (password.length > PASSWORD_MAX) return `Use at most ${PASSWORD_MAX} characters.`;
  return undefined;
}
