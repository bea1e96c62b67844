/**
 * The research access request (主数据“按规定程序”向研究者开放): who asks, from which institution, for
 * what, under which approval, until when, and under which pseudonym key.
 */
import { isIsoDate } from '../release/errors.js';
import { accessFail, type AccessResult } from './errors.js';

/**
 * A research data request as an office records it in JSON.
 *
 * @example
 * const r: ResearchRequest = {
 *   applicant: '李某', institution: '某大学公共卫生学院', purpose: '残疾人康复服务可及性研究',
 *   approvalNo: '湘残联函〔2026〕8号', approvedOn: '2026-10-10', expires: '2027-06-30', keyId: 'k2026',
 * };
 */
export interface ResearchRequest {
  /** The office's number of the request, when it has one. */
  readonly requestId?: string;
  readonly applicant: string;
  readonly institution: string;
  readonly purpose: string;
  /** 批准文号 of the approval. */
  readonly approvalNo: string;
  /** Approval date, `YYYY-MM-DD` (optional; when given, no extract is issued before it). */
  readonly approvedOn?: string;
  /** Last day the data may be used, `YYYY-MM-DD`: no extract is issued after it. */
  readonly expires: string;
  /** The pseudonym key the extract is made under (its id, never the key). */
  readonly keyId: string;
  /** The recipient id the extract's tokens are keyed for, when the request names it. */
  readonly recipient?: string;
}

const text = (v: unknown, max = 500): v is string => typeof v === 'string' && v.trim().length > 0 && v.length <= max;
const RECIPIENT = /^[\p{L}\p{N}._-]{1,64}$/u;
const KEY_ID = /^[A-Za-z0-9_-]{1,16}$/;

/**
 * Checks a recipient id: 1–64 letters (any script), digits, `.`, `_` or `-`. Error: `ACCESS_RECIPIENT_INVALID`.
 *
 * @example
 * parseRecipientId('csu-rehab-2026').ok //=> true
 * parseRecipientId('a b').ok            //=> false
 */
export function parseRecipientId(v: unknown): AccessResult<string> {
  if (typeof v !== 'string' || !RECIPIENT.test(v)) return accessFail('ACCESS_RECIPIENT_INVALID', `接收方标识应为 1–64 位字母、数字、“.”、“_”或“-”（收到“${String(v).slice(0, 80)}”）`, 'recipient');
  return { ok: true, value: v };
}

/**
 * Checks a request record (any JavaScript value, e.g. parsed JSON). Error: `ACCESS_REQUEST_INVALID`
 * with `field` naming the missing or malformed field.
 *
 * @example
 * parseResearchRequest({ applicant: '李某', institution: '某大学', purpose: '研究', approvalNo: 'X〔2026〕8号', expires: '2027-06-30', keyId: 'k2026' }).ok //=> true
 */
export function parseResearchRequest(input: unknown): AccessResult<ResearchRequest> {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return accessFail('ACCESS_REQUEST_INVALID', '数据使用申请应为 JSON 对象');
  const o = input as Record<string, unknown>;
  const need: [keyof ResearchRequest, string][] = [
    ['applicant', '申请人（applicant）'],
    ['institution', '申请单位（institution）'],
    ['purpose', '用途（purpose）'],
    ['approvalNo', '批准文号（approvalNo）'],
  ];
  for (const [k, label] of need) if (!text(o[k])) return accessFail('ACCESS_REQUEST_INVALID', `数据使用申请缺少${label}`, k);
  if (!isIsoDate(o.expires)) return accessFail('ACCESS_REQUEST_INVALID', `有效期至（expires）应为 YYYY-MM-DD 格式的日期（收到“${String(o.expires)}”）`, 'expires');
  if (o.approvedOn !== undefined && !isIsoDate(o.approvedOn)) return accessFail('ACCESS_REQUEST_INVALID', `批准日期（approvedOn）应为 YYYY-MM-DD（收到“${String(o.approvedOn)}”）`, 'approvedOn');
  if (typeof o.keyId !== 'string' || !KEY_ID.test(o.keyId)) return accessFail('ACCESS_REQUEST_INVALID', '密钥标识（keyId）应为 1–16 位字母、数字、下划线或连字符', 'keyId');
  if (o.requestId !== undefined && !text(o.requestId, 100)) return accessFail('ACCESS_REQUEST_INVALID', '申请编号（requestId）应为文字', 'requestId');
  if (o.recipient !== undefined) {
    const r = parseRecipientId(o.recipient);
    if (!r.ok) return r;
  }
  const s = (k: string) => (o[k] as string).trim();
  return {
    ok: true,
    value: {
      ...(o.requestId !== undefined ? { requestId: s('requestId') } : {}),
      applicant: s('applicant'),
      institution: s('institution'),
      purpose: s('purpose'),
      approvalNo: s('approvalNo'),
      ...(o.approvedOn !== undefined ? { approvedOn: o.approvedOn as string } : {}),
      expires: o.expires,
      keyId: o.keyId,
      ...(o.recipient !== undefined ? { recipient: o.recipient as string } : {}),
    },
  };
}

/**
 * Whether an extract may be issued under the request on `issuedOn` (`YYYY-MM-DD`) with key `keyId`:
 * not after `expires`, not before `approvedOn`, and the same key id. Errors:
 * `ACCESS_REQUEST_EXPIRED`, `ACCESS_REQUEST_NOT_YET_APPROVED`, `ACCESS_KEY_ID_MISMATCH`,
 * `ACCESS_REQUEST_INVALID` (a malformed date).
 *
 * @example
 * checkRequestUsable(request, { issuedOn: '2027-07-01', keyId: 'k2026' }).ok //=> false (expired on 2027-06-30)
 */
export function checkRequestUsable(request: ResearchRequest, at: { readonly issuedOn: string; readonly keyId: string }): AccessResult<true> {
  if (!isIsoDate(at.issuedOn)) return accessFail('ACCESS_REQUEST_INVALID', `提供日期应为 YYYY-MM-DD（收到“${String(at.issuedOn)}”）`, 'issuedOn');
  if (at.issuedOn > request.expires) return accessFail('ACCESS_REQUEST_EXPIRED', `数据使用申请（批准文号 ${request.approvalNo}）已于 ${request.expires} 到期，不能在 ${at.issuedOn} 提供数据`, 'expires');
  if (request.approvedOn && at.issuedOn < request.approvedOn) return accessFail('ACCESS_REQUEST_NOT_YET_APPROVED', `数据使用申请于 ${request.approvedOn} 批准，不能在此前（${at.issuedOn}）提供数据`, 'approvedOn');
  if (request.keyId !== at.keyId) return accessFail('ACCESS_KEY_ID_MISMATCH', `数据使用申请指定密钥标识 ${request.keyId}，但本次使用 ${at.keyId}`, 'keyId');
  return { ok: true, value: true };
}
