/**
 * Tracing a leaked extract to its recipient: recompute each candidate's tokens (under the key
 * derived for that recipient) over the original data's ID numbers and count the leaked tokens each
 * explains; or, when the leak carries its record's fingerprint, match the fingerprint.
 */
import { parsePseudonym } from '@canji/deid';
import { accessFail, type AccessResult } from './errors.js';
import { recipientKeyDerivation, recipientPseudonymizer } from './derive.js';
import type { TraceCandidate } from './record.js';

/**
 * The distinct pseudonym tokens under `keyId` among any values (cells of a leaked file).
 *
 * @example
 * leakedTokens(['k2026:3q2-7wEAAQIDBAUGBwgJCg', '张三', 42], 'k2026') //=> Set { 'k2026:3q2-7wEAAQIDBAUGBwgJCg' }
 */
export function leakedTokens(values: Iterable<unknown>, keyId: string): Set<string> {
  const out = new Set<string>();
  for (const v of values) {
    if (typeof v !== 'string') continue;
    const p = parsePseudonym(v.trim());
    if (p && p.keyId === keyId) out.add(v.trim());
  }
  return out;
}

/**
 * One candidate's result: how many leaked tokens its key explains, whether its recorded fingerprint
 * is the one the key gives (`recordMatchesKey: false`: the record was not made with this key), and
 * whether it has the leak's fingerprint.
 *
 * @example
 * const m: TraceMatch = { recipient: 'team-a', matched: 20, leaked: 20, fingerprint: '3f9c0a1b2c3d4e5f', recordMatchesKey: true, fingerprintMatch: false };
 */
export interface TraceMatch {
  readonly recipient: string;
  readonly matched: number;
  readonly leaked: number;
  readonly fingerprint: string;
  readonly recordMatchesKey: boolean;
  readonly fingerprintMatch: boolean;
  readonly source?: string;
}

/**
 * Result of {@link traceLeak}: the candidates, best first, and the recipient named when exactly one
 * explains the leak (`undefined`: none, or `ambiguous`).
 *
 * @example
 * r.ok && r.value.recipient //=> 'team-b'
 */
export interface TraceResult {
  readonly method: 'tokens' | 'fingerprint';
  readonly leaked: number;
  readonly matches: readonly TraceMatch[];
  readonly recipient?: string;
  readonly ambiguous: boolean;
}

/**
 * Options of {@link traceLeak}.
 *
 * @example
 * const o: TraceOptions = { key, keyId: 'k2026', candidates, leaked, subjects: ids };
 */
export interface TraceOptions {
  /** The office's key (bytes); only derived keys' fingerprints leave this function. */
  readonly key: Uint8Array;
  readonly keyId: string;
  readonly candidates: readonly TraceCandidate[];
  /** The leaked tokens (see {@link leakedTokens}). */
  readonly leaked: ReadonlySet<string>;
  /** The ID numbers of the original data the extracts were made from (tokens mode). */
  readonly subjects?: readonly string[];
  /** The fingerprint carried by the leaked extract's record (fingerprint mode, when no subjects). */
  readonly leakedFingerprint?: string;
  readonly tokenLength?: number;
}

/**
 * Names the recipient a leaked extract (or a few of its rows) was issued to. With `subjects`, each
 * candidate's tokens of the original IDs are recomputed and the leaked tokens each explains counted;
 * the recipient is the one candidate explaining any, and more than any other (tokens of different
 * recipients collide with probability about 2^-132 per pair). Without, the leak's recorded fingerprint
 * is matched against each candidate's derived-key fingerprint (recomputed from the key, not read from
 * the candidate's record). Errors: those of key derivation; `ACCESS_RECORD_INVALID` when neither
 * subjects nor a fingerprint is given.
 *
 * @example
 * const r = await traceLeak({ key, keyId: 'k2026', candidates: [{ recipient: 'team-a' }, { recipient: 'team-b' }], leaked, subjects });
 * r.ok && r.value.recipient //=> 'team-b'
 */
export async function traceLeak(o: TraceOptions): Promise<AccessResult<TraceResult>> {
  if (!o.subjects && !o.leakedFingerprint) return accessFail('ACCESS_RECORD_INVALID', '追溯需要原始数据（用于重算各接收方的假名）或泄露文件所附记录中的密钥派生指纹');
  const matches: TraceMatch[] = [];
  for (const c of o.candidates) {
    const d = await recipientKeyDerivation(o.key, c.recipient);
    if (!d.ok) return d;
    let matched = 0;
    if (o.subjects) {
      const p = await recipientPseudonymizer(o.key, { keyId: o.keyId, recipient: c.recipient, ...(o.tokenLength ? { tokenLength: o.tokenLength } : {}) });
      if (!p.ok) return p;
      const tokens = await p.value.pseudonymizeMany(o.subjects);
      const seen = new Set<string>();
      for (const t of tokens) if (t.ok && o.leaked.has(t.value) && !seen.has(t.value)) { seen.add(t.value); matched++; }
    }
    matches.push({
      recipient: c.recipient,
      matched,
      leaked: o.leaked.size,
      fingerprint: d.value.fingerprint,
      recordMatchesKey: c.recordedFingerprint === undefined || c.recordedFingerprint === d.value.fingerprint,
      fingerprintMatch: o.leakedFingerprint !== undefined && o.leakedFingerprint === d.value.fingerprint,
      ...(c.source ? { source: c.source } : {}),
    });
  }
  const method = o.subjects ? 'tokens' : 'fingerprint';
  const score = (m: TraceMatch) => (method === 'tokens' ? m.matched : m.fingerprintMatch ? 1 : 0);
  matches.sort((a, b) => score(b) - score(a));
  const best = matches[0];
  const named = best && score(best) > 0 ? best : undefined;
  const ambiguous = !!named && matches.length > 1 && score(matches[1]!) === score(named);
  return { ok: true, value: { method, leaked: o.leaked.size, matches, ambiguous, ...(named && !ambiguous ? { recipient: named.recipient } : {}) } };
}
