import { AppError, ValidationError } from '@tfbench/domain/errors';

/** A file that cannot be read as a dataset: 400 on `file`, naming the line and the reason. */
export function fileError(line: number, reason: string): ValidationError {
  return new ValidationError([{ field: 'file', message: `line ${line}: ${reason}` }]);
}

/** A ShareGPT item that is not a conversation: 400 on `file`, naming the item and the reason. */
export function itemError(index: number, reason: string): ValidationError {
  return new ValidationError([{ field: 'file', message: `item ${index}: ${reason}` }]);
}

/** A file past the byte limit: 413 on `file`, naming the line reading had reached. */
export function fileTooLarge(line: number | null, maxBytes: number): AppError {
  const where = line === null ? '' : `line ${line}: `;
  return new AppError('PAYLOAD_TOO_LARGE', 413, `The file is larger than ${maxBytes} bytes.`, {
    details: [{ field: 'file', message: `${where}the file must be at most ${maxBytes} bytes` }],
  });
}
