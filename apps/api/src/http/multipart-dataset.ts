/**
 * Reads a dataset sent as multipart/form-data (fields `name`, `format`, `file`) into what core
 * stores. The file is parsed from the socket as it arrives (core's readDatasetFile), so a bad
 * line or a file past the size limit is refused before the rest is read, and the file never
 * sits whole in memory. Every refusal names the form field it is about.
 */
import {
  DATASET_FILE_FORMATS,
  DATASET_LIMITS,
  type DatasetFileFormat,
  fileTooLarge,
  readDatasetFile,
} from '@tfbench/core/datasets';
import { AppError, ValidationError } from '@tfbench/domain/errors';
import type { JsonObject } from '@tfbench/domain/model';
import type { FastifyRequest } from 'fastify';

export interface MultipartDatasetFile {
  name: string | undefined;
  format: DatasetFileFormat;
  rows: JsonObject[];
}

/** Small form fields only: a name and a format. */
const FIELD_LIMITS = { fields: 10, fieldSize: 1024, files: 1, parts: 12 };

/** What a file's extension says about its format, when the form does not say. */
const FORMAT_BY_EXTENSION: Record<string, DatasetFileFormat> = {
  jsonl: 'jsonl',
  ndjson: 'jsonl',
  csv: 'csv',
  json: 'sharegpt',
};

function fieldError(field: string, message: string): ValidationError {
  return new ValidationError([{ field, message }]);
}

function formatOfFileName(filename: string | undefined): DatasetFileFormat | undefined {
  const extension = filename?.toLowerCase().match(/\.([a-z]+)$/)?.[1];
  return extension ? FORMAT_BY_EXTENSION[extension] : undefined;
}

/** The file's bytes, kept whole (within the limit) while its format is not known yet. */
async function bytesWithin(stream: AsyncIterable<Buffer>, maxBytes: number): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of stream) {
    bytes += chunk.byteLength;
    if (bytes > maxBytes) throw fileTooLarge(null, maxBytes);
    chunks.push(chunk);
  }
  return chunks;
}

/** The format the form gives, else the one the file name's extension implies. */
export function datasetFormatOf(given: string | undefined, filename: string | undefined): DatasetFileFormat {
  if (given !== undefined && given !== '') {
    if ((DATASET_FILE_FORMATS as readonly string[]).includes(given)) return given as DatasetFileFormat;
    throw fieldError('body.format', `must be one of ${DATASET_FILE_FORMATS.join(', ')}`);
  }
  const inferred = formatOfFileName(filename);
  if (!inferred) {
    throw fieldError(
      'body.format',
      'is required when the file name does not end in .jsonl, .ndjson, .csv or .json (give jsonl, csv or sharegpt)',
    );
  }
  return inferred;
}

/** Map the multipart plugin's and busboy's errors to answers naming the part. */
function translate(error: unknown): unknown {
  const code = (error as { code?: string } | null)?.code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') return fileTooLarge(null, DATASET_LIMITS.maxBytes);
  if (code === 'FST_FILES_LIMIT') return fieldError('body.file', 'must be a single file');
  if (code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT') {
    return fieldError('body', 'must hold only the fields name, format and file');
  }
  if (error instanceof AppError) return error;
  // Everything else raised while reading the parts is the form's fault (busboy's own errors).
  const reason = error instanceof Error ? error.message : String(error);
  if (/boundary/i.test(reason)) {
    return fieldError('headers.content-type', 'must be multipart/form-data with a boundary parameter');
  }
  return fieldError('body', `must be a well-formed multipart/form-data body (${reason})`);
}

/** What the form's file part left: its rows, or its bytes when its format came after it. */
type FilePart = { format: DatasetFileFormat; rows: JsonObject[] } | { filename: string; bytes: Buffer[] };

/**
 * Read the form: a name, an optional format, and exactly one file. When the format is known as
 * the file starts (a `format` field before it, or the file name's extension), the file is parsed
 * as it arrives and refused at its first bad line; otherwise its bytes are kept (within the
 * limit) and parsed once the form has said its format. A `format` after a file it contradicts
 * is refused, since that file has been read already.
 */
export async function readMultipartDataset(request: FastifyRequest): Promise<MultipartDatasetFile> {
  const fields: Record<string, string> = {};
  let file: FilePart | undefined;
  try {
    // One byte past the limit reaches readDatasetFile, which refuses it naming the line; the
    // plugin's own FST_REQ_FILE_TOO_LARGE (translated below) is the backstop.
    const parts = request.parts({ limits: { ...FIELD_LIMITS, fileSize: DATASET_LIMITS.maxBytes + 1 } });
    for await (const part of parts) {
      if (part.type === 'field') {
        if (part.valueTruncated)
          throw fieldError(`body.${part.fieldname}`, 'must be at most 1024 characters');
        fields[part.fieldname] = String(part.value);
        if (file && 'rows' in file && part.fieldname === 'format' && fields.format !== file.format)
          throw fieldError('body.format', `must come before the file when it is not ${file.format}`);
        continue;
      }
      if (part.fieldname !== 'file') {
        part.file.resume();
        throw fieldError(`body.${part.fieldname}`, 'is not a field of this form; send the file as "file"');
      }
      if (file) throw fieldError('body.file', 'must be a single file');
      const format = fields.format
        ? datasetFormatOf(fields.format, part.filename)
        : formatOfFileName(part.filename);
      file = format
        ? { format, rows: await readDatasetFile(format, part.file) }
        : { filename: part.filename, bytes: await bytesWithin(part.file, DATASET_LIMITS.maxBytes) };
      if (part.file.truncated) throw fileTooLarge(null, DATASET_LIMITS.maxBytes);
    }
    if (file && 'bytes' in file) {
      const format = datasetFormatOf(fields.format, file.filename);
      file = { format, rows: await readDatasetFile(format, file.bytes) };
    }
  } catch (error) {
    throw translate(error);
  }
  if (!file) throw fieldError('body.file', 'is required: a JSONL, CSV or ShareGPT JSON file');
  return { name: fields.name, format: file.format, rows: file.rows };
}
