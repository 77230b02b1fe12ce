/** Guarded outbound requests: the address policy, the guarded sender, webhook signatures. */
export {
  blockedAddressReason,
  hostOf,
  isAllowedHost,
  isAllowedOrigin,
  type OutboundPolicy,
  outboundUrlProblem,
  refusedAddressReason,
  STRICT_OUTBOUND_POLICY,
  upstreamOutboundPolicy,
} from './address-policy.js';
export {
  connectionLookup,
  guardedLookup,
  OutboundBlockedError,
  type OutboundRequest,
  type OutboundResponse,
  type Resolver,
  sendOutbound,
} from './guarded-request.js';
export { SIGNATURE_HEADER, signWebhookBody, verifyWebhookSignature } from './webhook-signature.js';
