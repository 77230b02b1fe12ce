/** The bounds on schemas and on one validation; see the module comment in index.ts. */

/** Most violations one validation reports. */
export const MAX_VIOLATIONS = 20;

/** Deepest nesting of objects and arrays a schema may have. */
export const MAX_SCHEMA_DEPTH = 32;
/** Most JSON values (objects, arrays, scalars) a schema may hold. */
export const MAX_SCHEMA_NODES = 5_000;
/** Steps one validation may take; see the module comment in index.ts. */
export const VALIDATION_WORK_BUDGET = 200_000;
