/**
 * Pseudonym keys (issue 15 item 15): weak keys were accepted (32 zero bytes, `password…`); the
 * same passphrase with and without a final newline gave different pseudonyms. Now: minimum
 * strength enforced with DEID_KEY_WEAK, key files read the same on every platform, and a key
 * fingerprint two departments can compare.
 */
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPseudonymKey, createPseudonymizer, generatePseudonymKey, keyFromFileBytes, pseudonymKeyFingerprint } from '@canji/deid';
import { strongKey } from './arbitraries.js';

const text = (s: string) => new TextEncoder().encode(s);
const code = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error!.code);

describe('checkPseudonymKey / createPseudonymizer', () => {
  it.each([
    ['32 zero bytes', new Uint8Array(32)],
    ['one byte repeated', new Uint8Array(64).fill(0xaa)],
    ['a 4-byte block repeated', text('abcd'.repeat(8))],
    ['a counting sequence', new Uint8Array(32).map((_, i) => i + 1)],
    ['the alphabet', text('abcdefghijklmnopqrstuvwxyzABCDEF')],
    ['password with a suffix', text('password-of-the-data-office-2019!')],
    ['Password, upper case, in the middle', text('xX9#our-PASSWORD-is-long-enough-now')],
    ['a keyboard row', text('qwertyuiop[]asdfghjkl;zxcvbnm,./12')],
    ['few distinct characters', text('abcabdabcaabbccddabcdabcdaabbccdd')],
  ])('refuses %s with DEID_KEY_WEAK, never naming the key', async (_name, key) => {
    const r = checkPseudonymKey(key);
    expect(code(r)).toBe('DEID_KEY_WEAK');
    expect(code(await createPseudonymizer({ key, keyId: 'k1' }))).toBe('DEID_KEY_WEAK');
    if (!r.ok) {
      expect(r.error.message).toMatch(/^假名化密钥强度不足/);
      expect(r.error.message).not.toMatch(/password|qwerty|abcd/i);
    }
  });

  it('still refuses short keys with DEID_KEY_TOO_SHORT', () => {
    expect(code(checkPseudonymKey(strongKey('s').subarray(0, 31)))).toBe('DEID_KEY_TOO_SHORT');
  });

  it('accepts every generated key (random 32 bytes) and a long random passphrase', () => {
    for (let i = 0; i < 2000; i++) expect(code(checkPseudonymKey(generatePseudonymKey()))).toBe('ok');
    fc.assert(fc.property(fc.uint8Array({ minLength: 32, maxLength: 64 }).filter((k) => new Set(k).size > 24), (k) => code(checkPseudonymKey(k)) === 'ok'), { numRuns: 500 });
    expect(code(checkPseudonymKey(text('Vq7#pL2x!mZ9&rT4@wK8^nB3*hD6$yF1')))).toBe('ok');
  });
});

describe('keyFromFileBytes', () => {
  it('a final LF, CRLF or CR and a UTF-8 BOM do not change the key (hex, base64 or passphrase)', () => {
    const key = strongKey('file key');
    const hex = Buffer.from(key).toString('hex');
    const b64 = Buffer.from(key).toString('base64');
    const pass = 'Vq7#pL2x!mZ9&rT4@wK8^nB3*hD6$yF1';
    for (const [body, expected] of [[hex, key], [b64, key], [pass, text(pass)]] as const) {
      for (const pre of ['', '\uFEFF']) for (const end of ['', '\n', '\r\n', '\r']) expect(keyFromFileBytes(text(pre + body + end))).toEqual(new Uint8Array(expected));
    }
  });
  it('only one line ending is removed; other whitespace belongs to the key', () => {
    expect(keyFromFileBytes(text('abc \n\n'))).toEqual(text('abc \n'));
  });
});

describe('pseudonymKeyFingerprint', () => {
  it('is the first 16 hex of HMAC-SHA-256(key, "canji-key-fingerprint"), identical in both engines, and on the pseudonymizer', async () => {
    const key = strongKey('fp');
    const expected = createHmac('sha256', key).update('canji-key-fingerprint').digest('hex').slice(0, 16);
    expect(await pseudonymKeyFingerprint(key)).toEqual({ ok: true, value: expected });
    for (const engine of ['node', 'webcrypto'] as const) {
      const p = await createPseudonymizer({ key, keyId: 'k', engine });
      expect(p.ok && p.value.fingerprint).toBe(expected);
    }
    const other = await pseudonymKeyFingerprint(strongKey('fp2'));
    expect(other.ok && other.value).not.toBe(expected);
  });
});
