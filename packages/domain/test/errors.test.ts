import { describe, expect, it } from 'vitest';
import {
  AppError,
  ConflictError,
  isAppError,
  NotFoundError,
  ServiceUnavailableError,
  ValidationError,
} from '../src/errors/index.js';

describe('error taxonomy', () => {
  it('gives each subclass its stable code and HTTP status', () => {
    const cases: Array<[AppError, string, number]> = [
      [new NotFoundError('automation', 7), 'NOT_FOUND', 404],
      [new ConflictError('in use'), 'CONFLICT', 409],
      [new ValidationError([{ field: 'name', message: 'is required' }]), 'VALIDATION_ERROR', 400],
      [new ServiceUnavailableError('database down'), 'SERVICE_UNAVAILABLE', 503],
    ];
    for (const [error, code, status] of cases) {
      expect(error).toBeInstanceOf(AppError);
      expect(error).toBeInstanceOf(Error);
      expect(isAppError(error)).toBe(true);
      expect(error.code).toBe(code);
      expect(error.httpStatus).toBe(status);
      expect(error.isOperational).toBe(true);
    }
    expect(isAppError(new Error('plain'))).toBe(false);
  });

  it('names the resource, the id and the field of a missing row', () => {
    const error = new NotFoundError('automation', 7, { field: 'automation_id' });
    expect(error.details).toEqual({ resource: 'automation', id: 7, field: 'automation_id' });
    expect(error.message).toBe('automation 7 not found (automation_id)');
    expect(error.name).toBe('NotFoundError');
    expect(new NotFoundError('run', 3).details).toEqual({ resource: 'run', id: 3 });
  });

  it('lists every offending field of a validation error in details and message', () => {
    const error = new ValidationError([
      { field: 'name', message: 'is required' },
      { field: 'config.mode', message: 'must be one of sse, sync, async' },
    ]);
    expect(error.details).toHaveLength(2);
    expect(error.message).toBe(
      'invalid input: name: is required; config.mode: must be one of sse, sync, async',
    );
  });

  it('keeps the cause for logs', () => {
    const cause = new Error('driver said no');
    expect(new ConflictError('in use', { id: 1 }, cause).cause).toBe(cause);
  });
});
