import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createPseudonymizer, generatePseudonymKey, parsePseudonym, pseudonymSubject, type Pseudonymizer } from '@canji/deid';
import { residentIdArb, strongKey, variantsOf } from './arbitraries.js';

const KEY_A = strongKey('test key A');
const KEY_B = strongKey('test key B');

async function make(key: Uint8Array, keyId = 'k2026', engine: 'auto' | 'node' | 'webcrypto' = 'auto', tokenLength?: number): Promise<Pseudonymizer> {
  const r = await createPseudonymizer({ key, keyId, engine, ...(tokenLength ? { tokenLength } : {}) });
  if (!r.ok) throw new Error(r.error.code);
  return r.value;
}

describe('createPseudonymizer', () => {
  it('refuses keys shorter than 32 bytes with a stable code', async () => {
    for (const key of [new Uint8Array(0), new Uint8Array(16), new Uint8Array(31)]) {
      const r = await createPseudonymizer({ key, keyId: 'k1' });
      expect(r.ok ? 'ok' : r.error.code).toBe('DEID_KEY_TOO_SHORT');
    }
    expect((await createPseudonymizer({ key: new Uint8Array(KEY_A).buffer, keyId: 'k1' })).ok).toBe(true);
  });
  it('refuses bad key ids and token lengths', async () => {
    const a = await createPseudonymizer({ key: KEY_A, keyId: 'has:colon' });
    expect(a.ok ? 'ok' : a.error.code).toBe('DEID_KEY_ID_INVALID');
    const b = await createPseudonymizer({ key: KEY_A, keyId: 'k', tokenLength: 16 });
    expect(b.ok ? 'ok' : b.error.code).toBe('DEID_TOKEN_LENGTH_INVALID');
  });
  it('generates 32-byte random keys', () => {
    const a = generatePseudonymKey();
    expect(a).toHaveLength(32);
    expect(Buffer.from(a).equals(Buffer.from(generatePseudonymKey()))).toBe(false);
  });
  it('is HMAC-SHA-256 over the canonical ID, base64url, truncated, with the key id in front', async () => {
    const p = await make(KEY_A);
    const r = await p.pseudonymize('11010519491231002x');
    const expected = createHmac('sha256', KEY_A).update('11010519491231002X').digest('base64url').slice(0, 22);
    expect(r).toEqual({ ok: true, value: `k2026:${expected}` });
    for (const engine of ['node', 'webcrypto'] as const) {
      const full = await (await make(KEY_A, 'k2026', engine, 43)).pseudonymize('11010519491231002X');
      expect(full.ok && full.value).toBe(`k2026:${createHmac('sha256', KEY_A).update('11010519491231002X').digest('base64url')}`);
    }
    const full = await (await make(KEY_A, 'k2026', 'auto', 43)).pseudonymize('11010519491231002X');
    expect(full.ok && full.value).toBe(`k2026:${createHmac('sha256', KEY_A).update('11010519491231002X').digest('base64url')}`);
    expect(parsePseudonym(r.ok ? r.value : '')).toEqual({ keyId: 'k2026', digest: expected });
  });
  it('the node and Web Crypto engines give identical tokens', async () => {
    const n = await make(KEY_A, 'k1', 'node');
    const w = await make(KEY_A, 'k1', 'webcrypto');
    expect(n.engine).toBe('node');
    expect(w.engine).toBe('webcrypto');
    expect(w.pseudonymizeSync).toBeUndefined();
    const ids = fc.sample(residentIdArb, { numRuns: 50, seed: 7 });
    expect(await w.pseudonymizeMany(ids)).toEqual(await n.pseudonymizeMany(ids));
  });
  it('does not let the caller change the key after creation', async () => {
    const key = new Uint8Array(KEY_A);
    const p = await make(key);
    const before = await p.pseudonymize('11010519491231002X');
    key.fill(0);
    expect(await p.pseudonymize('11010519491231002X')).toEqual(before);
  });
  it('returns DEID_ID_INVALID for input that is not an ID or certificate number', async () => {
    const p = await make(KEY_A);
    for (const bad of ['', '11010519491231002Y', '张三', '4.30104E+17', '11010519491231002X82']) {
      const r = await p.pseudonymize(bad);
      expect(r.ok ? r.value : r.error.code).toBe('DEID_ID_INVALID');
    }
  });
});

describe('pseudonym laws', () => {
  it('one person → one token across input forms (x/X, full-width, spaces, 15 digits, certificate numbers)', async () => {
    const p = await make(KEY_A);
    await fc.assert(
      fc.asyncProperty(residentIdArb, async (id) => {
        const forms = variantsOf(id);
        for (const f of forms) expect(pseudonymSubject(f)).toBe(id);
        const tokens = new Set((await p.pseudonymizeMany(forms)).map((r) => (r.ok ? r.value : r.error.code)));
        expect(tokens.size).toBe(1);
      }),
      { numRuns: 60 },
    );
  });
  it('different people → different tokens', async () => {
    const p = await make(KEY_A);
    const ids = [...new Set(fc.sample(residentIdArb, { numRuns: 2000, seed: 11 }))];
    const tokens = new Set((await p.pseudonymizeMany(ids)).map((r) => (r.ok ? r.value : '')));
    expect(tokens.size).toBe(ids.length);
  });
  it('different keys → unlinkable tokens: no token digest under one key equals any under the other', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 32, maxLength: 48 }), fc.uint8Array({ minLength: 32, maxLength: 48 }), async (k1, k2) => {
        fc.pre(Buffer.compare(Buffer.from(k1), Buffer.from(k2)) !== 0);
        const ids = fc.sample(residentIdArb, { numRuns: 30 });
        const a = (await (await make(k1, 'same')).pseudonymizeMany(ids)).map((r) => (r.ok ? r.value : ''));
        const b = new Set((await (await make(k2, 'same')).pseudonymizeMany(ids)).map((r) => (r.ok ? r.value : '')));
        expect(a.some((t) => b.has(t))).toBe(false);
      }),
      { numRuns: 25 },
    );
  });
  it('two holders of the same key, key id and length link records without exchanging IDs', async () => {
    const civilAffairs = await make(new Uint8Array(KEY_B), 'shared1', 'node');
    const disabilityOffice = await make(new Uint8Array(KEY_B), 'shared1', 'webcrypto');
    const id = '11010519491231002X';
    expect(await civilAffairs.pseudonymize(id.toLowerCase())).toEqual(await disabilityOffice.pseudonymize(`${id}42`));
  });
});
