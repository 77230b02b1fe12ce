/** A configuration plan as lines a person reads: one per item, then the counts. */
import type { ConfigPlan } from '@tfbench/contract';

const MARKS = { create: '+', update: '~', delete: '-', unchanged: '=' } as const;

export function renderPlan(plan: ConfigPlan, options: { dryRun: boolean }): string {
  const lines = plan.items.map((item) => {
    const fields = item.action === 'update' && item.fields.length > 0 ? `: ${item.fields.join(', ')}` : '';
    return `  ${MARKS[item.action]} ${item.action.padEnd(9)} ${item.kind.padEnd(10)} ${item.key} "${item.name}"${fields}`;
  });
  const { create, update, unchanged } = plan.counts;
  const summary = `Plan: ${create} to create, ${update} to update, ${plan.counts.delete} to delete, ${unchanged} unchanged.`;
  const outcome = options.dryRun
    ? 'Dry run: nothing was changed.'
    : plan.applied
      ? 'Applied.'
      : 'Nothing was applied.';
  return `${[...lines, summary, outcome].join('\n')}\n`;
}
