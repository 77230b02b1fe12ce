/**
 * The one way every kind of item is applied: create it, or update it when a field other than
 * its key changes, then store its key when it is new or taken over; a use case's refusal is
 * placed at the item in the document.
 */
import { AppError, ValidationError } from '@tfbench/domain/errors';

interface Planned<T> {
  index: number;
  item: T;
  id: number | null;
  fields: string[];
}

export interface ItemWrites<T> {
  /** `automations`, `datasets`, ...: the document's list the items come from. */
  kind: string;
  create(item: T): Promise<{ id: number }>;
  update(id: number, item: T): Promise<unknown>;
  setKey(id: number, key: string): Promise<void>;
}

/** Applies the planned items in order; answers the id of each key. */
export async function applyItems<T extends { key: string }>(
  planned: ReadonlyArray<Planned<T>>,
  writes: ItemWrites<T>,
): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const { index, item, id: storedId, fields } of planned) {
    const id = await naming(`${writes.kind}.${index}`, item.key, async () => {
      if (storedId === null) return (await writes.create(item)).id;
      if (fields.some((field) => field !== 'key')) await writes.update(storedId, item);
      return storedId;
    });
    if (storedId === null || fields.includes('key')) await writes.setKey(id, item.key);
    ids.set(item.key, id);
  }
  return ids;
}

/**
 * A use case's refusal, placed in the document: its fields under `document.<kind>.<index>.`,
 * its message led by the item's key, with the status it had.
 */
async function naming<T>(place: string, key: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof ValidationError) {
      throw new ValidationError(
        error.details.map((issue) => ({ ...issue, field: `document.${place}.${issue.field}` })),
      );
    }
    if (error instanceof AppError) {
      throw new AppError(error.code, error.httpStatus, `document.${place} (key "${key}"): ${error.message}`, {
        details: error.details,
        cause: error,
      });
    }
    throw error;
  }
}
