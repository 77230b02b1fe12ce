import { randomUUID } from 'node:crypto';
import { epochMsOf } from '@tfbench/mock-tinyfish';
import { mergeBehaviour } from '../behaviour.js';
import { TruthRecorder } from '../ground-truth.js';
import { type RequestContext, sendError } from '../http-util.js';
import { type Endpoint, planGeneration } from '../plan.js';
import { parseGenerationRequest } from '../request-parse.js';
import type { MockState } from '../state.js';
import { StreamPlayer } from '../stream-player.js';
import { countPromptTokens } from '../text.js';
import { UnaryAnswer } from '../unary-answer.js';
import { FrameBuilder } from '../wire.js';

/**
 * POST /v1/chat/completions and POST /v1/completions: validate, resolve the behaviour (server,
 * then the model's, then the request's), take one draw of the seed sequence, plan, and answer:
 * an error fault at once, else a stream or a whole body when the plan says so.
 */
export function handleGeneration(
  state: MockState,
  ctx: RequestContext,
  endpoint: Endpoint,
  body: unknown,
  parsedAt: number,
): void {
  const shape = state.behaviour.quirks.error_shape;
  const parsed = parseGenerationRequest(endpoint, body, ctx.req.headers);
  if ('error' in parsed) {
    sendError(ctx, parsed.error, shape);
    return;
  }
  const request = parsed.request;
  const spec = state.settings.models.get(request.model);
  if (!spec) {
    sendError(
      ctx,
      {
        status: 404,
        message: `The model \`${request.model}\` does not exist or you do not have access to it.`,
        type: 'invalid_request_error',
        param: 'model',
        code: 'model_not_found',
      },
      shape,
    );
    return;
  }
  const behaviour = mergeBehaviour(mergeBehaviour(state.behaviour, spec.behaviour), request.overrides);

  const requestSeq = ++state.generationSeq;
  // Every accepted request takes its draw, so a request with its own seed leaves the sequence
  // of the requests after it unchanged.
  const drawn = state.rng.uint32();
  const seed = request.seed === null ? drawn : toUint32(request.seed);
  const plan = planGeneration(seed, behaviour, {
    endpoint,
    maxTokens: request.maxTokens,
    minTokens: request.minTokens,
    ignoreEos: request.ignoreEos,
  });
  const id = `${endpoint === 'chat' ? 'chatcmpl' : 'cmpl'}-${randomUUID().replaceAll('-', '')}`;
  const promptTokens = countPromptTokens(request.promptTexts, request.framingPerText);
  ctx.stats.generationAccepted();
  const truth = new TruthRecorder(
    {
      id,
      request_seq: requestSeq,
      seed,
      endpoint,
      model: request.model,
      stream: request.stream,
      include_usage: request.includeUsage,
      fault: plan.fault,
      behaviour,
      prompt_tokens: promptTokens,
      reasoning_tokens: plan.reasoning_tokens,
      content_tokens: plan.content_tokens,
      output_tokens: plan.output_tokens,
      finish_reason: plan.finish_reason,
      planned_ttft_ms: plan.ttft_ms,
      planned_tokens_per_s: plan.tokens_per_s,
      in_flight_at_start: ctx.stats.inFlight.value + 1,
    },
    ctx.receivedAt,
    parsedAt,
  );
  state.remember(truth);

  if (plan.fault === 'rate_limit' || plan.fault === 'server_error') {
    ctx.stats.fault(plan.fault);
    truth.headersSent(plan.fault === 'rate_limit' ? 429 : behaviour.server_error_status);
    if (plan.fault === 'rate_limit') {
      const after = String(behaviour.retry_after_s);
      sendError(
        ctx,
        {
          status: 429,
          message: `Rate limit reached for requests. Please try again in ${after}s.`,
          type: 'requests',
          param: null,
          code: 'rate_limit_exceeded',
        },
        behaviour.quirks.error_shape,
        {
          'retry-after': after,
          'x-ratelimit-remaining-requests': '0',
          'x-ratelimit-reset-requests': `${after}s`,
          'x-request-id': id,
        },
      );
    } else {
      sendError(
        ctx,
        {
          status: behaviour.server_error_status,
          message: behaviour.error_message ?? 'The server is overloaded or not ready yet.',
          type: 'server_error',
          param: null,
          code: null,
        },
        behaviour.quirks.error_shape,
        { 'x-request-id': id },
      );
    }
    truth.ended('complete');
    return;
  }
  if (plan.fault === 'hang') ctx.stats.fault('hang');

  const created = Math.floor(epochMsOf(ctx.receivedAt) / 1000);
  if (request.stream) {
    const usageMode =
      request.continuousUsage || behaviour.quirks.continuous_usage
        ? 'continuous'
        : request.includeUsage && behaviour.quirks.usage_chunk !== 'never'
          ? 'null'
          : 'absent';
    const frames = new FrameBuilder(
      endpoint,
      id,
      created,
      request.model,
      usageMode,
      behaviour.quirks,
      promptTokens,
    );
    new StreamPlayer(state, ctx.res, truth, plan, {
      id,
      endpoint,
      behaviour,
      frames,
      includeUsage: request.includeUsage,
      startAt: parsedAt,
    }).start();
  } else {
    new UnaryAnswer(state, ctx.res, truth, plan, {
      id,
      endpoint,
      model: request.model,
      created,
      behaviour,
      promptTokens,
      startAt: parsedAt,
    }).start();
  }
}

function toUint32(n: number): number {
  return ((n % 4294967296) + 4294967296) % 4294967296;
}
