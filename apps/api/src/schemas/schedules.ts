/** Wire schema of switching a scenario's schedule on and off. */
import { z } from 'zod';

/** POST /api/v1/scenarios/{id}/schedule */
export const scheduleUpdate = z
  .strictObject({
    enabled: z.boolean().meta({
      description:
        'true: fire on every tick of run_settings.interval_seconds or run_settings.cron from now on; false: pause.',
    }),
  })
  .meta({ id: 'ScheduleUpdate' });
