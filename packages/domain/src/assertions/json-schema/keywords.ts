/** The draft-07 keywords, sorted by how the validator treats them. */

/** Keywords the validator checks. */
export const IMPLEMENTED = new Set([
  'type',
  'enum',
  'const',
  'properties',
  'required',
  'additionalProperties',
  'minProperties',
  'maxProperties',
  'items',
  'minItems',
  'maxItems',
  'uniqueItems',
  'contains',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'pattern',
  'allOf',
  'anyOf',
  'oneOf',
  'not',
]);

/** Keywords accepted and ignored: they never change the verdict. */
export const ANNOTATIONS = new Set([
  '$schema',
  '$id',
  '$comment',
  'title',
  'description',
  'default',
  'examples',
  'format',
  'readOnly',
  'writeOnly',
  // Holding definitions is harmless; only following them with $ref is unsupported.
  'definitions',
]);

/** draft-07 keywords that would change the verdict but are not implemented here. */
export const UNSUPPORTED = new Set([
  '$ref',
  'patternProperties',
  'dependencies',
  'propertyNames',
  'additionalItems',
  'if',
  'then',
  'else',
  'contentMediaType',
  'contentEncoding',
]);
