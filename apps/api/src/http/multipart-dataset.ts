/**
 * Reads a dataset file sent as multipart/form-data (fields `name`, `format`, `file`) into what
 * core's upload takes. The file is read from the socket a chunk at a time and refused as soon as
 * it passes the size limit, so a hostile upload never sits whole in memory beyond the limit.
 * Every refusal names the form field it is about.
 */
import { DATASET_FILE_FORMATS, DATASET_LIMITS, type DatasetFileFormat } from '@tfbench/core/datasets';
import { AppError, ValidationError } from '@tfbench/domain/errors';
import type { FastifyRequest } from 'fastify';

export interface MultipartDatasetFile {
  name: string | undefined;
  format: DatasetFileFormat;
  text: string;
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

function fileTooLarge(): AppError {
  return new AppError('PAYLOAD_TOO_LARGE', 413, `The file is larger than ${DATASET_LIMITS.maxBytes} bytes.`, {
    details: [{ field: 'body.file', message: `must be at most ${DATASET_LIMITS.maxBytes} bytes` }],
  });
}

/** The format the form gives, else the one the file name's extension implies. */
export function datasetFormatOf(given: string | undefined, filename: string | undefined): DatasetFileFormat {
  if (given !== undefined && given !== '') {
    if ((DATASET_FILE_FORMATS as readonly string[]).includes(given)) return given as DatasetFileFormat;
    throw fieldError('body.format', `must be one of ${DATASET_FILE_FORMATS.join(', ')}`);
  }
  const extension = filename?.toLowerCase().match(/\.([a-z]+)$/)?.[1];
  const inferred = extension ? FORMAT_BY_EXTENSION[extension] : undefined;
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
  if (code === 'FST_REQ_FILE_TOO_LARGE') return fileTooLarge();
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

/** Read the form: a name, an optional format, and exactly one file. */
export async function readMultipartDataset(request: FastifyRequest): Promise<MultipartDatasetFile> {
  const fields: Record<string, string> = {};
  let file: { filename: string; text: string } | undefined;
  try {
    // The plugin throws FST_REQ_FILE_TOO_LARGE once the file passes fileSize (its default).
    const parts = request.parts({ limits: { ...FIELD_LIMITS, fileSize: DATASET_LIMITS.maxBytes } });
    for await (const part of parts) {
      if (part.type === 'field') {
        if (part.valueTruncated)
          throw fieldError(`body.${part.fieldname}`, 'must be at most 1024 characters');
        fields[part.fieldname] = String(part.value);
        continue;
      }
      if (part.fieldname !== 'file') {
        part.file.resume();
        throw fieldError(`body.${part.fieldname}`, 'is not a field of this form; send the file as "file"');
      }
      const decoder = new TextDecoder('utf-8');
      let text = '';
      for await (const chunk of part.file) text += decoder.decode(chunk as Buffer, { stream: true });
      if (part.file.truncated) throw fileTooLarge();
      file = { filename: part.filename, text: text + decoder.decode() };
    }
  } catch (error) {
    throw translate(error);
  }
  if (!file) throw fieldError('body.file', 'is required: a JSONL, CSV or ShareGPT JSON file');
  return { name: fields.name, format: datasetFormatOf(fields.format, file.filename), text: file.text };
}
