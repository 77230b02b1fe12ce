/**
 * What a route that moves one item to another state (acknowledge, silence, cancel) answers:
 * 200 with the item as it now is, 409 when its current state forbids the move, and the
 * refusals of its input. Written once so these routes document their 409 alike.
 */
import * as wire from '@tfbench/contract';
import type { z } from 'zod';

export function stateChangeResponses(
  item: z.ZodType,
  description: string,
  errors: Record<number, z.ZodType> = wire.readErrors,
) {
  return { 200: item.meta({ description }), 409: wire.deleteErrors[409], ...errors };
}
