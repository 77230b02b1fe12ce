import type { JsonObject } from '@tfbench/domain/model';
import { type DatasetParser, parseWhole } from './dataset-parser.js';
import { jsonErrorOffset } from './json-error-offset.js';
import { DATASET_LIMITS } from './limits.js';
import { fileError, itemError } from './parse-error.js';

/** The 1-based line of character `offset` in `text`. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * Rows of a ShareGPT text: a JSON array of conversations, each `{"conversations": [{"from":
 * "human" | "gpt" | "system", "value": "..."}], "id"?}`. A row is the conversation's first
 * human turn as `prompt`, the first gpt turn after it as `response` (when there is one), and
 * `id` when given. Errors name the line (JSON syntax) or the item (`item 3`) and why.
 */
function shareGptRows(text: string): JsonObject[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    throw fileError(lineAt(text, jsonErrorOffset(text) ?? 0), `not valid JSON (${message})`);
  }
  if (!Array.isArray(value))
    throw fileError(1, 'a ShareGPT file is a JSON array of {"conversations": [...]}');
  if (value.length > DATASET_LIMITS.maxRows)
    throw fileError(1, `more than ${DATASET_LIMITS.maxRows} conversations`);
  return value.map((item: unknown, index) => {
    const turns = (item as { conversations?: unknown })?.conversations;
    if (typeof item !== 'object' || item === null || !Array.isArray(turns))
      throw itemError(index, 'must be an object with a "conversations" array');
    const human = turns.findIndex((turn) => (turn as { from?: unknown })?.from === 'human');
    const prompt = (turns[human] as { value?: unknown } | undefined)?.value;
    if (human === -1 || typeof prompt !== 'string')
      throw itemError(index, 'needs a {"from": "human", "value": "..."} turn');
    const answer = turns.slice(human + 1).find((turn) => (turn as { from?: unknown })?.from === 'gpt') as
      | { value?: unknown }
      | undefined;
    const row: JsonObject = { prompt };
    if (typeof answer?.value === 'string') row.response = answer.value;
    const id = (item as { id?: unknown }).id;
    if (typeof id === 'string' || typeof id === 'number') row.id = id;
    return row;
  });
}

/**
 * A ShareGPT parser fed a piece at a time. A ShareGPT file is one JSON document, so its text is
 * kept (the reader bounds it by the byte limit) and parsed at the end; `line` counts the lines
 * seen so far, for the byte limit's error.
 */
export function createShareGptParser(): DatasetParser {
  const pieces: string[] = [];
  let line = 1;
  let rows: JsonObject[] = [];
  return {
    push(text) {
      pieces.push(text);
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) line++;
    },
    end() {
      rows = shareGptRows(pieces.join(''));
      pieces.length = 0;
    },
    get line() {
      return line;
    },
    rows: () => rows,
  };
}

/**
 * Rows of a whole ShareGPT text; see shareGptRows.
 *
 * @example
 * parseShareGpt('[{"conversations": [{"from": "human", "value": "hi"}]}]'); // [{ prompt: 'hi' }]
 */
export function parseShareGpt(text: string): JsonObject[] {
  return parseWhole(createShareGptParser(), text);
}
