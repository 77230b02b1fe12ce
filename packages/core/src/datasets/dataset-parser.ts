import type { JsonObject } from '@tfbench/domain/model';
import type { TextSink } from './line-splitter.js';

/** A file format's parser: fed text as it arrives; its rows are complete once it has ended. */
export interface DatasetParser extends TextSink {
  /** The rows read; call after `end()`. */
  rows(): JsonObject[];
}

/** Parse a whole text at once (a leading byte order mark dropped, as the stream reader does). */
export function parseWhole(parser: DatasetParser, text: string): JsonObject[] {
  parser.push(text.replace(/^\uFEFF/, ''));
  parser.end();
  return parser.rows();
}
