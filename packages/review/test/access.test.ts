/**
 * Research access records (issue 20 item 5): the request is validated and an expired one refused;
 * each recipient's tokens are keyed under HKDF(key, recipient) so two recipients' tokens differ; a
 * leaked extract — or 20 of its rows — is traced to its recipient; the key is in no record.
 */
import { hkdfSync } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generatePseudonymKey, pseudonymKeyFingerprint } from '@canji/deid';
import { synthesizePersons } from '@canji/synth';
import {
  RECIPIENT_KEY_SALT,
  accessRecord,
  candidateFromJson,
  checkRequestUsable,
  deriveRecipientKey,
  leakedTokens,
  parseRecipientId,
  parseResearchRequest,
  recipientKeyDerivation,
  recipientPseudonymizer,
  traceLeak,
  type ResearchRequest,
} from '@canji/review';

const request: ResearchRequest = {
  applicant: '李某',
  institution: '某大学公共卫生学院',
  purpose: '残疾人康复服务可及性研究',
  approvalNo: '湘残联函〔2026〕8号',
  approvedOn: '2026-10-10',
  expires: '2027-06-30',
  keyId: 'k2026',
};
const key = Uint8Array.from({ length: 32 }, (_, i) => (i * 37 + 11) & 255);
const ids = [...synthesizePersons({ seed: 4, count: 200, region: '430121' })].map((p) => p.resident_id as string);

describe('request record', () => {
  it('accepts a complete request and names the missing field otherwise', () => {
    expect(parseResearchRequest(request)).toEqual({ ok: true, value: request });
    expect(parseResearchRequest({ ...request, approvalNo: undefined })).toEqual({ ok: false, error: { code: 'ACCESS_REQUEST_INVALID', message: '数据使用申请缺少批准文号（approvalNo）', field: 'approvalNo' } });
    expect(parseResearchRequest({ ...request, expires: '2027-13-01' })).toMatchObject({ ok: false, error: { field: 'expires' } });
    expect(parseResearchRequest({ ...request, keyId: 'a key' })).toMatchObject({ ok: false, error: { field: 'keyId' } });
    expect(parseResearchRequest({ ...request, recipient: 'a b' })).toMatchObject({ ok: false, error: { code: 'ACCESS_RECIPIENT_INVALID' } });
    for (const bad of [null, 'x', [], 3]) expect(parseResearchRequest(bad).ok).toBe(false);
  });

  it('is refused after its expiry, before its approval, and under another key', () => {
    expect(checkRequestUsable(request, { issuedOn: '2027-06-30', keyId: 'k2026' }).ok).toBe(true);
    expect(checkRequestUsable(request, { issuedOn: '2027-07-01', keyId: 'k2026' })).toEqual({
      ok: false,
      error: { code: 'ACCESS_REQUEST_EXPIRED', message: '数据使用申请（批准文号 湘残联函〔2026〕8号）已于 2027-06-30 到期，不能在 2027-07-01 提供数据', field: 'expires' },
    });
    expect(checkRequestUsable(request, { issuedOn: '2026-10-09', keyId: 'k2026' })).toMatchObject({ ok: false, error: { code: 'ACCESS_REQUEST_NOT_YET_APPROVED' } });
    expect(checkRequestUsable(request, { issuedOn: '2026-12-01', keyId: 'k2025' })).toMatchObject({ ok: false, error: { code: 'ACCESS_KEY_ID_MISMATCH' } });
  });

  it('recipient ids: letters of any script, digits, . _ -', () => {
    expect(parseRecipientId('中南大学-康复组').ok).toBe(true);
    for (const bad of ['', 'a b', 'x'.repeat(65), 'a/b', 7]) expect(parseRecipientId(bad).ok).toBe(false);
  });
});

describe('per-recipient keys', () => {
  it('are HKDF-SHA-256(key, salt, recipient) — the same bytes as node:crypto computes', async () => {
    const d = await deriveRecipientKey(key, 'team-a');
    expect(d.ok).toBe(true);
    if (!d.ok) return;
    expect(Buffer.from(d.value).toString('hex')).toBe(Buffer.from(hkdfSync('sha256', key, RECIPIENT_KEY_SALT, 'team-a', 32)).toString('hex'));
    expect((await deriveRecipientKey(key.slice(0, 31), 'team-a')).ok).toBe(false);
  });

  it('two recipients never share a token of the same person (property over random keys and recipient ids)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 32, maxLength: 48 }), fc.stringMatching(/^[a-z0-9_-]{1,12}$/), fc.stringMatching(/^[a-z0-9_-]{1,12}$/), async (k, a, b) => {
        fc.pre(a !== b);
        const pa = await recipientPseudonymizer(k, { keyId: 'k1', recipient: a });
        const pb = await recipientPseudonymizer(k, { keyId: 'k1', recipient: b });
        if (!pa.ok || !pb.ok) throw new Error('pseudonymizer');
        const ta = new Set((await pa.value.pseudonymizeMany(ids.slice(0, 30))).map((t) => (t.ok ? t.value : '')));
        const tb = (await pb.value.pseudonymizeMany(ids.slice(0, 30))).map((t) => (t.ok ? t.value : ''));
        expect(tb.some((t) => ta.has(t))).toBe(false);
        expect(pa.value.fingerprint).not.toBe(pb.value.fingerprint);
      }),
      { numRuns: 25, seed: 5 },
    );
  });

  it('the recorded derivation carries the derived key fingerprint, never the key', async () => {
    const d = await recipientKeyDerivation(key, 'team-a');
    const derived = await deriveRecipientKey(key, 'team-a');
    if (!d.ok || !derived.ok) throw new Error('derive');
    const fp = await pseudonymKeyFingerprint(derived.value);
    expect(d.value).toEqual({ method: 'HKDF-SHA-256', salt: RECIPIENT_KEY_SALT, info: 'team-a', fingerprint: fp.ok ? fp.value : '' });
    const rec = JSON.stringify(accessRecord({ request, recipient: 'team-a', derivation: d.value, issuedOn: '2026-12-01', canjiVersion: '0', extract: { file: 'x.csv', sha256: 'ab'.repeat(32), records: 3, columns: ['resident_id'] } }));
    for (const bytes of [key, derived.value]) {
      const b = Buffer.from(bytes);
      for (const enc of ['hex', 'base64', 'base64url'] as const) expect(rec).not.toContain(b.toString(enc));
    }
  });
});

describe('tracing', () => {
  const extractFor = async (recipient: string) => {
    const p = await recipientPseudonymizer(key, { keyId: 'k2026', recipient });
    if (!p.ok) throw new Error('p');
    return (await p.value.pseudonymizeMany(ids)).map((t) => (t.ok ? t.value : ''));
  };

  it('names the recipient of 20 leaked rows among several candidates, and none when it is not a candidate', async () => {
    const b = await extractFor('team-b');
    const leaked = leakedTokens([...b.slice(50, 70), '张三', 42, 'k2025:AAAAAAAAAAAAAAAAAAAAAA'], 'k2026');
    expect(leaked.size).toBe(20);
    const candidates = ['team-a', 'team-b', 'team-c'].map((recipient) => ({ recipient }));
    const r = await traceLeak({ key, keyId: 'k2026', candidates, leaked, subjects: ids });
    expect(r.ok && r.value).toMatchObject({ method: 'tokens', leaked: 20, recipient: 'team-b', ambiguous: false });
    expect(r.ok && r.value.matches.map((m) => [m.recipient, m.matched])).toEqual([['team-b', 20], ['team-a', 0], ['team-c', 0]]);
    const none = await traceLeak({ key, keyId: 'k2026', candidates: [{ recipient: 'team-a' }, { recipient: 'team-c' }], leaked, subjects: ids });
    expect(none.ok && none.value.recipient).toBeUndefined();
  });

  it('matches the fingerprint of a leaked extract\'s record, recomputed from the key (not read from the candidate)', async () => {
    const d = await recipientKeyDerivation(key, 'team-a');
    if (!d.ok) throw new Error('d');
    const forged = { recipient: 'team-c', recordedFingerprint: d.value.fingerprint };
    const r = await traceLeak({ key, keyId: 'k2026', candidates: [forged, { recipient: 'team-a' }], leaked: new Set(), leakedFingerprint: d.value.fingerprint });
    expect(r.ok && r.value.recipient).toBe('team-a');
    expect(r.ok && r.value.matches.find((m) => m.recipient === 'team-c')?.recordMatchesKey).toBe(false);
    expect((await traceLeak({ key, keyId: 'k2026', candidates: [], leaked: new Set() })).ok).toBe(false);
  });

  it('reads candidates from access records and from requests naming their recipient', () => {
    expect(candidateFromJson({ ...request, recipient: 'team-a' }, 'a.json')).toEqual({ ok: true, value: { recipient: 'team-a', keyId: 'k2026', source: 'a.json' } });
    expect(candidateFromJson(request)).toMatchObject({ ok: false, error: { code: 'ACCESS_RECORD_INVALID' } });
    expect(candidateFromJson({ kind: 'canji-access-record', recipient: 'team-a', keyId: 'k2026', derivation: { fingerprint: '0123456789abcdef' } }).ok).toBe(true);
  });

  it('the office key is never derived for a recipient by accident: a random key gives other tokens', async () => {
    const other = await recipientPseudonymizer(generatePseudonymKey(), { keyId: 'k2026', recipient: 'team-a' });
    const mine = await recipientPseudonymizer(key, { keyId: 'k2026', recipient: 'team-a' });
    if (!other.ok || !mine.ok) throw new Error('p');
    expect(await other.value.pseudonymize(ids[0]!)).not.toEqual(await mine.value.pseudonymize(ids[0]!));
  });
});
