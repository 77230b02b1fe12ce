import { describe, expect, it } from 'vitest';
import { ApiError } from '@/lib/api';
import { csrfHeaders, readCookie } from '@/lib/auth/csrf';
import { authFormError, passwordProblem, waitText } from '@/lib/auth/form-errors';
import { authPageHref, safeNextPath } from '@/lib/auth/next-path';
import { can, grantableRoles } from '@/lib/auth/roles';
import { AUTH_OFF, loadSession } from '@/lib/auth/session-state';
import { meansSignedOut } from '@/lib/auth/signed-out';
import type { AuthStatus, Me } from '@/lib/auth/types';

describe('where sign-in returns to', () => {
  it.each([
    ['/runs?status=failed', '/runs?status=failed'],
    ['/scenarios/3#runs', '/scenarios/3#runs'],
    ['/', '/'],
  ])('follows the same-origin path %s', (raw, expected) => {
    expect(safeNextPath(raw)).toBe(expected);
  });

  it.each([
    [null],
    [''],
    ['runs'],
    ['//evil.example/x'],
    ['/\\evil.example'],
    ['/\t/evil.example'],
    ['https://evil.example/'],
    ['javascript:alert(1)'],
    ['/sign-in?next=/runs'],
    ['/setup'],
  ])('refuses %s and goes home instead', (raw) => {
    expect(safeNextPath(raw)).toBe('/');
  });

  it('builds the auth page address with the way back', () => {
    expect(authPageHref('/sign-in', '/runs?status=failed')).toBe('/sign-in?next=%2Fruns%3Fstatus%3Dfailed');
    expect(authPageHref('/setup', '/')).toBe('/setup');
  });
});

describe('the CSRF header', () => {
  const cookies = 'theme=dark; tfbench_csrf=abc%3D123; other=1';

  it('reads the token cookie', () => {
    expect(readCookie(cookies, 'tfbench_csrf')).toBe('abc=123');
    expect(readCookie(cookies, 'missing')).toBeUndefined();
  });

  it('goes with writes only, and only when there is a token', () => {
    expect(csrfHeaders('POST', cookies)).toEqual({ 'x-csrf-token': 'abc=123' });
    expect(csrfHeaders('DELETE', cookies)).toEqual({ 'x-csrf-token': 'abc=123' });
    expect(csrfHeaders('GET', cookies)).toEqual({});
    expect(csrfHeaders('POST', 'theme=dark')).toEqual({});
  });
});

describe('a 401 ends the session', () => {
  it('except for wrong credentials on the sign-in and setup calls', () => {
    expect(meansSignedOut(401, '/runs')).toBe(true);
    expect(meansSignedOut(401, '/auth/me')).toBe(true);
    expect(meansSignedOut(401, '/auth/login')).toBe(false);
    expect(meansSignedOut(401, '/auth/setup')).toBe(false);
    expect(meansSignedOut(403, '/runs')).toBe(false);
  });
});

describe('roles', () => {
  it('allow what the API allows', () => {
    expect(can('viewer', 'read')).toBe(true);
    expect(can('viewer', 'trigger')).toBe(false);
    expect(can('runner', 'trigger')).toBe(true);
    expect(can('runner', 'edit')).toBe(false);
    expect(can('editor', 'edit')).toBe(true);
    expect(can('editor', 'admin')).toBe(false);
    expect(can('admin', 'admin')).toBe(true);
    expect(can(undefined, 'read')).toBe(false);
  });

  it('hand out no role stronger than the giver', () => {
    expect(grantableRoles('runner')).toEqual(['runner', 'viewer']);
    expect(grantableRoles('admin')).toEqual(['admin', 'editor', 'runner', 'viewer']);
  });
});

describe('the sign-in and setup forms read refusals', () => {
  it('say the same for a wrong email and a wrong password', () => {
    expect(authFormError(new ApiError(401, 'INVALID_CREDENTIALS', 'x')).form).toBe(
      'Wrong email or password.',
    );
  });

  it('wait as long as a throttled sign-in was told to', () => {
    const error = new ApiError(429, 'LOGIN_THROTTLED', 'slow down');
    error.retryAfterS = 42;
    expect(authFormError(error, 1_000).retryAt).toBe(43_000);
    expect(waitText(42_000)).toBe('42 s');
    expect(waitText(125_000)).toBe('2 min 5 s');
  });

  it('ask for the setup token, or send to sign-in once set up', () => {
    expect(authFormError(new ApiError(403, 'SETUP_TOKEN_REQUIRED', 'x')).needsSetupToken).toBe(true);
    expect(authFormError(new ApiError(409, 'SETUP_DONE', 'x')).setupDone).toBe(true);
  });

  it('put validation messages on their fields', () => {
    const error = new ApiError(400, 'VALIDATION_ERROR', 'bad', [
      { field: 'body.email', message: 'Invalid email' },
    ]);
    expect(authFormError(error)).toEqual({ fields: { email: 'Invalid email' } });
  });

  it('check the password length before sending', () => {
    expect(passwordProblem('short')).toMatch(/at least 10/);
    expect(passwordProblem('long enough pass')).toBeUndefined();
  });
});

describe('finding out who is here at page load', () => {
  const me: Me = { user: null, role: 'viewer', via: 'session' };
  const calls = (status: AuthStatus | ApiError, who: Me | ApiError = me) => {
    let askedMe = false;
    return {
      get askedMe() {
        return askedMe;
      },
      status: () => (status instanceof ApiError ? Promise.reject(status) : Promise.resolve(status)),
      me: () => {
        askedMe = true;
        return who instanceof ApiError ? Promise.reject(who) : Promise.resolve(who);
      },
    };
  };

  it('does not ask who it is without a session cookie (a 401 would be logged as an error)', async () => {
    const c = calls({ auth: 'on', setup_required: true });
    expect(await loadSession(c, '')).toEqual({ kind: 'signed-out', setupRequired: true });
    expect(c.askedMe).toBe(false);
  });

  it('is signed in when the session is accepted', async () => {
    const c = calls({ auth: 'on', setup_required: false });
    expect(await loadSession(c, 'tfbench_csrf=t')).toEqual({ kind: 'signed-in', me });
  });

  it('is signed out when the session expired', async () => {
    const c = calls({ auth: 'on', setup_required: false }, new ApiError(401, 'UNAUTHENTICATED', 'x'));
    expect(await loadSession(c, 'tfbench_csrf=t')).toEqual({ kind: 'signed-out', setupRequired: false });
  });

  it('lets anyone in when auth is off or the API has no accounts', async () => {
    expect(await loadSession(calls({ auth: 'off', setup_required: false }), '')).toEqual({
      kind: 'signed-in',
      me: AUTH_OFF,
    });
    const old = calls(new ApiError(404, 'HTTP_404', 'No route GET /api/v1/auth/status'));
    expect(await loadSession(old, '')).toEqual({ kind: 'signed-in', me: AUTH_OFF });
  });

  it('reports an API it cannot reach', async () => {
    const down = calls(new ApiError(502, 'API_UNREACHABLE', 'down'));
    expect(await loadSession(down, '')).toMatchObject({ kind: 'unreachable' });
  });
});
