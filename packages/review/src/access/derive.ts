/**
 * Per-recipient pseudonym keys: each recipient's tokens are made under a key derived from the
 * office's key and the recipient id, so two recipients' extracts of the same data have unrelated
 * tokens and a leaked extract names its recipient. HKDF-SHA-256 (RFC 5869) through Web Crypto, so
 * it runs in Node and in browsers alike.
 */
import { createPseudonymizer, MIN_KEY_BYTES, pseudonymKeyFingerprint, type Pseudonymizer } from '@canji/deid';
import { accessFail, type AccessResult } from './errors.js';
import { parseRecipientId } from './request.js';

/** HKDF salt of the recipient key derivation (fixed: changing it changes every recipient's tokens). */
export const RECIPIENT_KEY_SALT = 'canji-recipient-key-v1';

/**
 * How a recipient's key was derived, as written in the access record: the method, the salt, the
 * info (the recipient id) and the derived key's fingerprint — never the key.
 *
 * @example
 * const d: RecipientKeyDerivation = { method: 'HKDF-SHA-256', salt: 'canji-recipient-key-v1', info: 'team-a', fingerprint: '3f9c0a1b2c3d4e5f' };
 */
export interface RecipientKeyDerivation {
  readonly method: 'HKDF-SHA-256';
  readonly salt: string;
  /** The HKDF info: the recipient id, UTF-8. */
  readonly info: string;
  /** `@canji/deid`'s `pseudonymKeyFingerprint` of the derived key (16 hex characters). */
  readonly fingerprint: string;
}

const utf8 = (s: string) => new TextEncoder().encode(s);

/**
 * Derives the recipient's 32-byte key: HKDF-SHA-256(ikm = the office's key, salt =
 * {@link RECIPIENT_KEY_SALT}, info = recipient id). Errors: `ACCESS_KEY_INVALID`, `ACCESS_RECIPIENT_INVALID`.
 *
 * @example
 * const k = await deriveRecipientKey(officeKey, 'team-a');
 * k.ok && k.value.length //=> 32
 */
export async function deriveRecipientKey(key: Uint8Array, recipient: string): Promise<AccessResult<Uint8Array>> {
  const r = parseRecipientId(recipient);
  if (!r.ok) return r;
  if (!(key instanceof Uint8Array) || key.length < MIN_KEY_BYTES) return accessFail('ACCESS_KEY_INVALID', `密钥应至少 ${MIN_KEY_BYTES} 字节`);
  const subtle = (globalThis as { crypto?: { subtle?: SubtleCrypto } }).crypto?.subtle;
  if (!subtle) return accessFail('ACCESS_KEY_INVALID', '当前环境没有 Web Crypto（crypto.subtle），无法派生接收方密钥');
  try {
    const raw = new Uint8Array(key);
    const ikm = await subtle.importKey('raw', raw, 'HKDF', false, ['deriveBits']);
    raw.fill(0);
    const bits = await subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: utf8(RECIPIENT_KEY_SALT), info: utf8(recipient) }, ikm, 256);
    return { ok: true, value: new Uint8Array(bits) };
  } catch {
    return accessFail('ACCESS_KEY_INVALID', '接收方密钥派生失败');
  }
}

/**
 * The derivation of a recipient's key as recorded (with the derived key's fingerprint).
 *
 * @example
 * (await recipientKeyDerivation(officeKey, 'team-a')).ok //=> true
 */
export async function recipientKeyDerivation(key: Uint8Array, recipient: string): Promise<AccessResult<RecipientKeyDerivation>> {
  const k = await deriveRecipientKey(key, recipient);
  if (!k.ok) return k;
  const fp = await pseudonymKeyFingerprint(k.value);
  k.value.fill(0);
  if (!fp.ok) return accessFail('ACCESS_KEY_INVALID', fp.error.message);
  return { ok: true, value: { method: 'HKDF-SHA-256', salt: RECIPIENT_KEY_SALT, info: recipient, fingerprint: fp.value } };
}

/**
 * A pseudonymizer under the recipient's derived key (tokens keep the office's key id, so a reader
 * cannot tell the recipient from the token text). Errors: as {@link deriveRecipientKey}, and
 * `ACCESS_KEY_INVALID` for a bad key id or token length.
 *
 * @example
 * const p = await recipientPseudonymizer(officeKey, { keyId: 'k2026', recipient: 'team-a' });
 * p.ok && (await p.value.pseudonymize('11010519491231002X')).ok //=> true
 */
export async function recipientPseudonymizer(key: Uint8Array, o: { readonly keyId: string; readonly recipient: string; readonly tokenLength?: number }): Promise<AccessResult<Pseudonymizer>> {
  const k = await deriveRecipientKey(key, o.recipient);
  if (!k.ok) return k;
  const p = await createPseudonymizer({ key: k.value, keyId: o.keyId, ...(o.tokenLength ? { tokenLength: o.tokenLength } : {}) });
  k.value.fill(0); // the pseudonymizer keeps its own copy
  if (!p.ok) return accessFail('ACCESS_KEY_INVALID', p.error.message);
  return { ok: true, value: p.value };
}
