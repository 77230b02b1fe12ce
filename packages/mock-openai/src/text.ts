/**
 * The text the mock "generates": one word per token from a fixed vocabulary, starting at a
 * seeded offset. Real text is not the point; a stable, cheap, countable stream is. Every word
 * after the first of its kind carries a leading space, so the concatenated deltas read as text.
 */
const ANSWER_WORDS = [
  'The',
  'mock',
  'server',
  'streams',
  'one',
  'word',
  'per',
  'token',
  'so',
  'clients',
  'can',
  'count',
  'what',
  'they',
  'receive',
  'and',
  'compare',
  'it',
  'with',
  'the',
  'ground',
  'truth',
  'recorded',
  'at',
  'each',
  'write',
  'to',
  'the',
  'socket',
  'while',
  'timing',
  'follows',
  'a',
  'seeded',
  'model',
  'of',
  'latency',
  'throughput',
  'load',
  'faults',
  'quirks',
  'usage',
];
const REASONING_WORDS = [
  'Let',
  'me',
  'think',
  'about',
  'this',
  'step',
  'by',
  'step',
  'first',
  'consider',
  'the',
  'question',
  'then',
  'check',
  'each',
  'assumption',
  'before',
  'answering',
  'carefully',
  'now',
];

function words(list: readonly string[]): { first: string[]; rest: string[] } {
  return { first: [...list], rest: list.map((w) => ` ${w}`) };
}
const ANSWER = words(ANSWER_WORDS);
const REASONING = words(REASONING_WORDS);

export type TextKind = 'reasoning' | 'content';

/** Text of `count` tokens of a kind, starting at token `index` of that kind, words from `offset`. */
export function tokenText(kind: TextKind, offset: number, index: number, count: number): string {
  const vocab = kind === 'content' ? ANSWER : REASONING;
  const n = vocab.rest.length;
  let out = '';
  for (let i = index; i < index + count; i++) {
    const w = (offset + i) % n;
    out += i === 0 ? vocab.first[w]! : vocab.rest[w]!;
  }
  return out;
}

/**
 * Prompt tokens the mock bills: a quarter of the characters, rounded up, plus 4 per chat
 * message for the role framing (close to what tiktoken gives for English chat prompts).
 */
export function countPromptTokens(texts: readonly string[], framingPerText: number): number {
  let chars = 0;
  for (const t of texts) chars += t.length;
  return Math.max(1, Math.ceil(chars / 4) + framingPerText * texts.length);
}
