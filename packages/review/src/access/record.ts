/**
 * The access record that travels with a research extract (a sidecar JSON) and that the office
 * keeps in its register of issued extracts: the request, the recipient, the key id and how the
 * recipient's key was derived (with its fingerprint), the extract's hash — never the key.
 */
import { accessFail, type AccessResult } from './errors.js';
import { parseRecipientId, parseResearchRequest, type ResearchRequest } from './request.js';
import { RECIPIENT_KEY_SALT, type RecipientKeyDerivation } from './derive.js';

/**
 * A research extract's access record.
 *
 * @example
 * record.recipient //=> 'team-a'; record.derivation.fingerprint //=> '3f9c0a1b2c3d4e5f'
 */
export interface AccessRecord {
  readonly kind: 'canji-access-record';
  readonly version: 1;
  readonly request: ResearchRequest;
  readonly recipient: string;
  readonly keyId: string;
  readonly derivation: RecipientKeyDerivation;
  readonly issuedOn: string;
  readonly canjiVersion: string;
  readonly extract: { readonly file: string; readonly sha256: string; readonly records: number; readonly columns: readonly string[] };
}

/**
 * Builds an access record.
 *
 * @example
 * const rec = accessRecord({ request, recipient: 'team-a', derivation, issuedOn: '2026-12-03', canjiVersion: '0.9.0', extract: { file: 'x.csv', sha256, records: 120, columns } });
 */
export function accessRecord(o: Omit<AccessRecord, 'kind' | 'version' | 'keyId'>): AccessRecord {
  return { kind: 'canji-access-record', version: 1, request: o.request, recipient: o.recipient, keyId: o.request.keyId, derivation: o.derivation, issuedOn: o.issuedOn, canjiVersion: o.canjiVersion, extract: o.extract };
}

/**
 * A tracing candidate: a recipient id and, when known, the fingerprint its record states.
 *
 * @example
 * const c: TraceCandidate = { recipient: 'team-a', keyId: 'k2026', recordedFingerprint: '3f9c0a1b2c3d4e5f', source: 'requests/team-a.access.json' };
 */
export interface TraceCandidate {
  readonly recipient: string;
  readonly keyId?: string;
  readonly recordedFingerprint?: string;
  readonly source?: string;
}

/**
 * Reads a tracing candidate from an access record or from a request record that names its
 * recipient (any JSON value). Error: `ACCESS_RECORD_INVALID`.
 *
 * @example
 * candidateFromJson({ kind: 'canji-access-record', recipient: 'team-a', keyId: 'k2026', derivation: { fingerprint: '3f9c0a1b2c3d4e5f' } }).ok //=> true
 */
export function candidateFromJson(json: unknown, source?: string): AccessResult<TraceCandidate> {
  if (json === null || typeof json !== 'object') return accessFail('ACCESS_RECORD_INVALID', `${source ?? '记录'}不是访问记录或数据使用申请`);
  const o = json as Record<string, unknown>;
  const src = source ? { source } : {};
  if (o.kind === 'canji-access-record') {
    const r = parseRecipientId(o.recipient);
    const d = o.derivation as Record<string, unknown> | undefined;
    if (!r.ok || typeof o.keyId !== 'string' || !d || typeof d.fingerprint !== 'string' || (d.salt !== undefined && d.salt !== RECIPIENT_KEY_SALT)) {
      return accessFail('ACCESS_RECORD_INVALID', `${source ?? '访问记录'}缺少接收方、密钥标识或密钥派生指纹`);
    }
    return { ok: true, value: { recipient: r.value, keyId: o.keyId, recordedFingerprint: d.fingerprint, ...src } };
  }
  const req = parseResearchRequest(json);
  if (!req.ok) return accessFail('ACCESS_RECORD_INVALID', `${source ?? '记录'}不是访问记录，也不是有效的数据使用申请：${req.error.message}`);
  if (!req.value.recipient) return accessFail('ACCESS_RECORD_INVALID', `${source ?? '数据使用申请'}没有写明接收方（recipient）`);
  return { ok: true, value: { recipient: req.value.recipient, keyId: req.value.keyId, ...src } };
}
