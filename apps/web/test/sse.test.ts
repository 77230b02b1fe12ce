import { describe, expect, it } from 'vitest';
import { createSseParser } from '@/lib/sse';

describe('createSseParser', () => {
  it('dispatches an event only when its blank line arrives, across chunk boundaries', () => {
    const parser = createSseParser();
    expect(parser.push('id: 1-0\nevent: run.sta')).toEqual([]);
    expect(parser.push('tus\ndata: {"run_id":')).toEqual([]);
    expect(parser.push('7}\n')).toEqual([]);
    expect(parser.push('\n')).toEqual([
      { event: 'run.status', data: '{"run_id":7}', id: '1-0', retry: undefined },
    ]);
    expect(parser.lastEventId).toBe('1-0');
  });

  it('handles CRLF and CR line ends, including a CRLF split between chunks', () => {
    const parser = createSseParser();
    expect(parser.push('data: a\r')).toEqual([]);
    expect(parser.push('\n\r\ndata: b\r\r').map((e) => e.data)).toEqual(['a']);
    // A CR at the very end may be half of a CRLF, so the blank line is only known with the next byte.
    expect(parser.push('\n').map((e) => e.data)).toEqual(['b']);
  });

  it('joins multi-line data, skips comments and keeps the last id sticky', () => {
    const parser = createSseParser();
    const events = parser.push(': keep-alive\n\nid: 5\ndata: one\ndata: two\n\ndata: three\nretry: 2500\n\n');
    expect(events).toEqual([
      { event: 'message', data: 'one\ntwo', id: '5', retry: undefined },
      { event: 'message', data: 'three', id: '5', retry: 2500 },
    ]);
  });

  it('ignores a blank line that ends no data (an event without data is not dispatched)', () => {
    const parser = createSseParser();
    expect(parser.push('event: ping\n\n')).toEqual([]);
  });
});
