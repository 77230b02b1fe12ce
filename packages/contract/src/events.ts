/** Wire schema of the live event stream's filters (GET /api/v1/events). */
import { z } from 'zod';
import { INT4_MAX, queryInt } from './common.ts';
import { LIVE_EVENT_KINDS } from './vocabulary.ts';

const kind = LIVE_EVENT_KINDS.map((k) => k.replace('.', '\\.')).join('|');

/** GET /api/v1/events */
export const eventsQuery = z
  .object({
    run_id: queryInt(1, INT4_MAX, 'Only events of this run.').optional(),
    benchmark_id: queryInt(1, INT4_MAX, 'Only events of this benchmark and its runs.').optional(),
    scenario_id: queryInt(1, INT4_MAX, 'Only events of this scenario and its runs.').optional(),
    kinds: z
      .string()
      .regex(
        new RegExp(`^(${kind})(,(${kind}))*$`),
        `must be a comma-separated list of ${LIVE_EVENT_KINDS.join(', ')}`,
      )
      .optional()
      .meta({
        description: `Comma-separated event kinds to receive (${LIVE_EVENT_KINDS.join(', ')}); default all.`,
      }),
    last_event_id: z.string().max(100).optional().meta({
      description: 'Resume after this event id, for clients that cannot send the Last-Event-ID header.',
    }),
  })
  .strict();

/** The filters of GET /api/v1/events, as the API reads them. */
export type EventsQuery = z.output<typeof eventsQuery>;
