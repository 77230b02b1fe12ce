/**
 * The process logger never writes query parameters: a failed query's log line, on PGlite and
 * PostgreSQL, holds the SQL text and the database's reason but no parameter value, also when
 * the query error is the cause of another error.
 */
import { Writable } from 'node:stream';
import { loadConfig } from '@tfbench/core/config';
import { scenarios } from '@tfbench/core/db';
import { describeEachDatabase } from '@tfbench/core/testing';
import { eq, sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { createLogger } from '../src/logger.js';

const SECRET = 'user-input-7f3a9c-never-logged';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(String(chunk));
      callback();
    },
  });
  const logger = createLogger(loadConfig({ LOG_LEVEL: 'info' }), 'test', stream);
  return { logger, lines };
}

async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('the query was expected to fail');
}

describeEachDatabase('logging a failed query', (getDb) => {
  it('keeps the SQL and the reason and withholds every parameter', async () => {
    const error = await failure(() =>
      getDb().db.execute(sql`select ${SECRET}::text as t, 1 / ${0}::int as boom`),
    );
    // The error does carry the value: the logger is what keeps it out.
    expect(String((error as Error).message)).toContain(SECRET);
    const { logger, lines } = capture();
    logger.warn({ err: error }, 'scheduler look failed; retrying');
    logger.error({ err: new Error('a schedule tick failed', { cause: error }) }, 'wrapped');
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line).not.toContain(SECRET);
      const entry = JSON.parse(line) as { err: { message: string; stack: string } };
      expect(entry.err.message).toMatch(/select \$1::text as t/);
      expect(entry.err.message).toContain('params: [withheld]');
      expect(entry.err.stack).toContain('params: [withheld]');
    }
    expect(JSON.parse(lines[0]!).err.params).toBe('[withheld]');
    expect(lines[1]).toContain('division by zero');
  });

  it('withholds the parameters of a failed drizzle query builder call too', async () => {
    const error = await failure(() =>
      getDb()
        .db.select()
        .from(scenarios)
        .where(eq(scenarios.name, sql`${SECRET}::int::text`)),
    );
    const { logger, lines } = capture();
    logger.error({ err: error }, 'query failed');
    expect(lines.join('')).not.toContain(SECRET.slice(0, 20));
    expect(lines.join('')).toContain('from \\"scenarios\\"');
    expect(lines.join('')).toContain('invalid input syntax for type integer: \\"[withheld]\\"');
  });
});
