/**
 * Non-stream mode: POST with `stream: false` and read the one JSON answer. Only the total
 * latency (t0 → the answer's last byte) and the usage's token counts can be observed; every
 * per-token figure is null, never 0.
 */
import { runError } from '@tfbench/provider-kit/errors';
import { errorFromErrorObject, errorFromHttpResponse } from '../errors.js';
import { readJsonAnswer } from '../run/json-body.js';
import { sendRequest } from '../run/send.js';
import type { RunSession } from '../run/session.js';
import { readUsage } from '../stream/chunk.js';
import { failed, isObject, type ModeResult } from './result.js';

/** Usage and finish reason of a non-stream answer, for the outcome. */
export interface NonStreamFacts {
  usage: ReturnType<typeof readUsage>;
  finishReason: string | null;
}

export async function runNonStream(session: RunSession, facts: NonStreamFacts): Promise<ModeResult> {
  // Servers send the headers of a non-stream answer when it is done: no headers budget.
  const sent = await sendRequest(session, null, () => undefined);
  if (sent.kind !== 'response') return sent.kind === 'stopped' ? sent : failed(sent.error, sent.at);
  const { res } = sent;
  const answer = await readJsonAnswer(session, res, session.settings.idle_timeout_ms);
  if (answer.kind !== 'ok') return answer.kind === 'stopped' ? answer : failed(answer.error, answer.at);
  const { recorder } = session;
  recorder.completeAt = answer.at;
  const status = answer.status;
  const json = answer.json;
  if (status !== 200) return failed(errorFromHttpResponse(status, json, answer.text), answer.at, json);
  if (!isObject(json)) {
    return failed(
      runError('INVALID_RESPONSE', 'the answer is not a JSON object', { http_status: status }),
      answer.at,
    );
  }
  if (isObject(json.error)) return failed(errorFromErrorObject(json, 'body'), answer.at, json);
  if (typeof json.id === 'string' && json.id !== '') session.completionId = json.id;
  const choice = Array.isArray(json.choices) && isObject(json.choices[0]) ? json.choices[0] : null;
  facts.usage = readUsage(json.usage);
  facts.finishReason = typeof choice?.finish_reason === 'string' ? choice.finish_reason : null;
  const message = isObject(choice?.message) ? choice.message : null;
  const content =
    typeof message?.content === 'string'
      ? message.content
      : typeof choice?.text === 'string'
        ? choice.text
        : '';
  const result: Record<string, unknown> = { content, finish_reason: facts.finishReason };
  const reasoning = message?.reasoning_content ?? message?.reasoning;
  if (typeof reasoning === 'string') result.reasoning = reasoning;
  recorder.emit('RESPONSE', answer.at, 'upstream', {
    http_status: status,
    usage: facts.usage,
    finish_reason: facts.finishReason,
  });
  return { kind: 'final', status: 'completed', error: null, at: answer.at, result, response_json: json };
}
