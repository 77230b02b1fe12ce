import { describe, expect, it } from 'vitest';
import { ApiError } from '@/lib/api';
import { apiFieldErrors, FormChecks, saveErrors } from '@/lib/form-checks';

interface Values {
  name: string;
  count: string;
  inputs: string;
  list: string;
  url: string;
  extra: string;
}

const values = (over: Partial<Values> = {}): Values => ({
  name: 'x',
  count: '',
  inputs: '',
  list: '',
  url: '',
  extra: '',
  ...over,
});

describe('FormChecks', () => {
  it('parses what is valid and records a message in the form’s words for what is not', () => {
    const check = new FormChecks(values({ count: '12', inputs: '{"a": 1}', list: '[1', name: '' }));
    expect(check.number('count', 'Count', { min: 1, max: 20 })).toBe(12);
    expect(check.jsonObject('inputs', 'Inputs')).toEqual({ a: 1 });
    expect(check.jsonArray('list', 'List')).toEqual([]);
    expect(check.errors.list).toMatch(/^List is not valid JSON/);
    expect(check.failed).toBe(true);
  });

  it('treats empty text as absent, unless the field is required', () => {
    const check = new FormChecks(values());
    expect(check.number('count', 'Count', { min: 1, max: 20 })).toBeUndefined();
    expect(check.jsonObject('inputs', 'Inputs')).toEqual({});
    expect(check.failed).toBe(false);
    expect(check.number('count', 'Count', { min: 1, max: 20 }, 'How many? At least 1.')).toBeUndefined();
    expect(check.errors).toEqual({ count: 'How many? At least 1.' });
  });

  it('says the range and whole-number rules', () => {
    const check = new FormChecks(values({ count: '2.5', extra: '30' }));
    check.number('count', 'Count', { min: 1, max: 20 });
    check.number('extra', 'Extra', { min: 1, max: 20 });
    expect(check.errors).toEqual({
      count: 'Count must be a whole number.',
      extra: 'Extra must be from 1 to 20.',
    });
  });
});

const invalid = (fields: Record<string, string>) =>
  new ApiError(
    400,
    'VALIDATION_ERROR',
    'invalid',
    Object.entries(fields).map(([field, message]) => ({ field: `body.${field}`, message })),
  );

describe('apiFieldErrors', () => {
  const paths = [
    ['name', 'name'],
    ['default_inputs.url', 'url'],
    ['default_inputs', 'extra'],
    ['thresholds', 'list'],
  ] as const;

  it('puts each path on the field of its longest listed prefix, in the form’s words below it', () => {
    const errors = apiFieldErrors<Values>(
      invalid({
        name: 'too long',
        'default_inputs.url': 'must use https',
        'default_inputs.steps': 'must be a number',
        'thresholds.0': 'thresholds.0: unknown metric',
        'thresholds.2': 'bad operator',
      }),
      paths,
    );
    expect(errors).toEqual({
      name: 'too long',
      url: 'must use https',
      extra: 'Default inputs, key "steps": must be a number',
      list: 'Threshold on line 1: unknown metric\nThreshold on line 3: bad operator',
    });
  });

  it('says a path no field claims, and an error without fields, at the form’s end', () => {
    expect(apiFieldErrors<Values>(invalid({ seed: 'too big' }), paths)).toEqual({ form: 'Seed: too big' });
    expect(apiFieldErrors<Values>(new ApiError(409, 'CONFLICT', 'name already taken'), paths)).toEqual({
      form: 'Name already taken.',
    });
    const gone = new ApiError(404, 'NOT_FOUND', 'automation 4 not found');
    expect(apiFieldErrors<Values>(gone, paths, (e) => ({ name: e.message }))).toEqual({
      name: 'automation 4 not found',
    });
  });

  it('turns a failure that is not the API’s into the form’s message', () => {
    expect(saveErrors<Values>(new Error('boom'), paths)).toEqual({ form: 'Error: boom' });
  });
});
