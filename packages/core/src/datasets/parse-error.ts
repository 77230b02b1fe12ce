import { ValidationError } from '@tfbench/domain/errors';

/** A file that cannot be read as a dataset: 400 on `file`, naming the line and the reason. */
export function fileError(line: number, reason: string): ValidationError {
  return new ValidationError([{ field: 'file', message: `line ${line}: ${reason}` }]);
}

/** A ShareGPT item that is not a conversation: 400 on `file`, naming the item and the reason. */
export function itemError(index: number, reason: string): ValidationError {
  return new ValidationError([{ field: 'file', message: `item ${index}: ${reason}` }]);
}
