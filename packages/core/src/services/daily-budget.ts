/**
 * The daily budget (`TFBENCH_DAILY_BUDGET_USD`): once the runs created since 00:00 UTC have
 * cost that much, nothing new may start until the next UTC day — no triggered run, no
 * benchmark, no scheduled tick. Runs already under way finish (their cost was committed when
 * they started), so a day can end a little over budget, never by a new run.
 */
import { AppError } from '@tfbench/domain/errors';
import type { Executor } from '../db/database.js';
import { sumRunCostSince } from '../repositories/spend.js';

/**
 * 402: the day's budget is spent. 402 rather than 429: waiting a few seconds does not help,
 * and the remedy is a larger budget or the next UTC day (details.resets_at).
 */
export class BudgetExhaustedError extends AppError {
  override readonly name = 'BudgetExhaustedError';

  constructor(budgetUsd: number, spentUsd: number, resetsAt: Date) {
    super(
      'BUDGET_EXHAUSTED',
      402,
      `The daily budget of $${budgetUsd} is spent ($${spentUsd.toFixed(4)} since 00:00 UTC); new runs start again at ${resetsAt.toISOString()} or with a larger TFBENCH_DAILY_BUDGET_USD.`,
      {
        details: {
          daily_budget_usd: budgetUsd,
          spent_usd: spentUsd,
          resets_at: resetsAt.toISOString(),
        },
      },
    );
  }
}

export function startOfUtcDay(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

/**
 * Throw BudgetExhaustedError when `budgetUsd` is set and today's (UTC) runs have cost at least
 * that much. No budget: nothing is read.
 *
 * @example
 * await checkDailyBudget(db.db, config.exposure.dailyBudgetUsd);
 */
export async function checkDailyBudget(
  db: Executor,
  budgetUsd: number | null | undefined,
  now = new Date(),
): Promise<void> {
  if (budgetUsd === null || budgetUsd === undefined) return;
  const since = startOfUtcDay(now);
  const spent = await sumRunCostSince(db, since);
  if (spent >= budgetUsd) {
    throw new BudgetExhaustedError(budgetUsd, spent, new Date(since.getTime() + 24 * 3600 * 1000));
  }
}
