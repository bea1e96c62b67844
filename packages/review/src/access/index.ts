/** Research access records and tracing of leaked extracts (issue 20 item 5). */
export type { AccessError, AccessErrorCode, AccessResult } from './errors.js';
export { checkRequestUsable, parseRecipientId, parseResearchRequest, type ResearchRequest } from './request.js';
export {
  RECIPIENT_KEY_SALT,
  deriveRecipientKey,
  recipientKeyDerivation,
  recipientPseudonymizer,
  type RecipientKeyDerivation,
} from './derive.js';
export { accessRecord, candidateFromJson, type AccessRecord, type TraceCandidate } from './record.js';
export { leakedTokens, traceLeak, type TraceMatch, type TraceOptions, type TraceResult } from './trace.js';
