/** The database: schema, opening, migrations. `@tfbench/core/db`. */
export * from './database.js';
export * from './database-command.js';
export * from './migrate.js';
export * from './postgres-error.js';
export * from './schema.js';
export * from './scratch-database.js';
