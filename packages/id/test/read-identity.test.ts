import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ageAt,
  dateNumber,
  makeResidentId,
  parseDisabilityCertificateNo,
  parseResidentId,
  readIdentity,
  type Identity,
  type IdentityProblem,
  type RegionLookup,
} from '../src/index.js';

const iso = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
const date = fc.tuple(fc.integer({ min: 1880, max: 2030 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 })).map(([y, m, d]) => iso(y, m, d));
const REGIONS = ['430102', '110105', '810000', '820000', '830000', '650102', '990101'];

/** Valid numbers of every kind, and what goes wrong with them in practice. */
const residentId = fc
  .record({
    region: fc.constantFrom(...REGIONS.slice(0, 6)),
    birth: date,
    sex: fc.constantFrom('male' as const, 'female' as const),
    foreign: fc.boolean(),
    edit: fc.integer({ min: 0, max: 11 }),
    pos: fc.integer({ min: 0, max: 17 }),
    ch: fc.constantFrom('0', '1', '5', '9', 'X', 'x', ' ', '０', 'a'),
  })
  .map(({ region, birth, sex, foreign, edit, pos, ch }) => {
    const id = makeResidentId({ regionCode: region, birthDate: birth, sex, ...(foreign && region.startsWith('43') ? { nationalityCode: '840' } : {}) });
    switch (edit) {
      case 0:
      case 1:
      case 2:
        return id;
      case 3:
        return id.slice(0, pos) + ch + id.slice(pos + 1); // one character replaced
      case 4:
        return id.toLowerCase();
      case 5:
        return ` ${id} `;
      case 6:
        return id.slice(0, 6) + id.slice(8, 17); // 15-digit legacy form (valid only for 19xx)
      case 7:
        return id.slice(0, 17);
      case 8:
        return `${id}1`;
      case 9:
        return `${id.slice(0, 10)}0230${id.slice(14)}`; // 30 February
      case 10:
        return '4.30104E+17';
      default:
        return `${id.slice(0, 2)}${'38'}${id.slice(4)}`;
    }
  });
const certificate = fc
  .record({ id: residentId, cat: fc.integer({ min: 0, max: 9 }), lvl: fc.integer({ min: 0, max: 9 }), suffix: fc.constantFrom('', '', '', 'B1', 'B0', 'b2', ' ') })
  .map(({ id, cat, lvl, suffix }) => `${id}${cat}${lvl}${suffix}`);
const absent = fc.constantFrom(undefined, null, '');

const ridProblems = (w: Identity) => w.problems.filter((p) => p.field === 'residentId' && p.code !== 'CERT_ID_MISMATCH');
const certProblems = (w: Identity) => w.problems.filter((p) => p.field === 'certificateNo');
const asProblems = (field: IdentityProblem['field'], r: { ok: true; warnings: { code: string; message: string }[] } | { ok: false; error: { code: string; message: string } }) =>
  r.ok ? r.warnings.map((w) => ({ field, code: w.code, severity: 'warning', message: w.message })) : [{ field, code: r.error.code, severity: 'error', message: r.error.message }];

/** A region table that knows only two counties, one of them abolished in 1990 and one created in 1995. */
const regions: RegionLookup = (code) =>
  code === '430102' ? { status: 'abolished', validTo: 1990, name: '东区' } : code === '110105' ? { status: 'current', validFrom: 1995, name: '朝阳区' } : { status: 'unknown' };

describe('readIdentity', () => {
  it('agrees with parseResidentId on valid and invalid numbers: same problems, same birth date, sex and canonical ID', () => {
    fc.assert(
      fc.property(residentId, fc.option(date, { nil: undefined }), fc.boolean(), (s, asOf, withRegions) => {
        const options = withRegions ? { regions } : {};
        const w = readIdentity(s, undefined, asOf, options);
        expect(ridProblems(w)).toEqual(asProblems('residentId', parseResidentId(s, { ...options, ...(asOf ? { asOf } : {}) })));
        const plain = parseResidentId(s);
        expect(w.id).toBe(plain.ok ? plain.value.id : undefined);
        expect(w.birth).toBe(plain.ok ? dateNumber(plain.value.birthDate) : undefined);
        expect(w.sex).toBe(plain.ok ? plain.value.sex : undefined);
        expect(w.age).toBe(plain.ok && asOf ? ageAt(plain.value.birthDate, asOf) : undefined);
        expect(w.category).toBeUndefined();
        expect(w.certificateId).toBeUndefined();
      }),
      { numRuns: 2000, seed: 11643 },
    );
  });

  it('agrees with parseDisabilityCertificateNo: same problems, category and level, birth date and sex of its ID part', () => {
    fc.assert(
      fc.property(certificate, fc.option(date, { nil: undefined }), fc.boolean(), (c, asOf, allowUnknownLevel) => {
        const w = readIdentity(undefined, c, asOf, { allowUnknownLevel });
        expect(certProblems(w)).toEqual(asProblems('certificateNo', parseDisabilityCertificateNo(c, { allowUnknownLevel, ...(asOf ? { asOf } : {}) })));
        const plain = parseDisabilityCertificateNo(c, { allowUnknownLevel });
        expect(w.category).toBe(plain.ok ? plain.value.category : undefined);
        expect(w.level).toBe(plain.ok ? plain.value.level : undefined);
        expect(w.certificateId).toBe(plain.ok ? plain.value.residentId.id : undefined);
        expect(w.birth).toBe(plain.ok ? dateNumber(plain.value.residentId.birthDate) : undefined);
        expect(w.sex).toBe(plain.ok ? plain.value.residentId.sex : undefined);
        expect(w.id).toBeUndefined();
      }),
      { numRuns: 2000, seed: 26341 },
    );
  });

  it('reads both numbers together: each as alone, the resident ID first for birth and sex, a mismatch as a warning', () => {
    const pair = fc.oneof(
      residentId.chain((id) => fc.tuple(fc.constant(id), fc.constantFrom(`${id}42`, `${id.trim().toUpperCase()}11`, `${id}8`))),
      fc.tuple(fc.oneof(residentId, absent), fc.oneof(certificate, absent)),
    );
    fc.assert(
      fc.property(pair, fc.option(date, { nil: undefined }), ([rid, cert], asOf) => {
        const both = readIdentity(rid, cert, asOf);
        const r = readIdentity(rid, undefined, asOf);
        const c = readIdentity(undefined, cert, asOf);
        expect(ridProblems(both)).toEqual(ridProblems(r));
        expect(certProblems(both)).toEqual(certProblems(c));
        expect([both.id, both.certificateId, both.category, both.level]).toEqual([r.id, c.certificateId, c.category, c.level]);
        const first = r.id !== undefined ? r : c;
        expect([both.birth, both.sex, both.age]).toEqual([first.birth, first.sex, first.age]);
        const mismatch = both.problems.filter((p) => p.code === 'CERT_ID_MISMATCH');
        expect(mismatch.length).toBe(r.id !== undefined && c.certificateId !== undefined && r.id !== c.certificateId ? 1 : 0);
      }),
      { numRuns: 1500, seed: 2017 },
    );
  });

  it('reads a clean record fast and plainly, and gives problems a user can act on', () => {
    const id = makeResidentId({ regionCode: '430102', birthDate: '2010-07-01', sex: 'female' });
    const other = makeResidentId({ regionCode: '430102', birthDate: '2010-07-01', sex: 'female', sequence: 4 });
    const clean = readIdentity(id, `${id}42`, '2017-06-30');
    expect(clean).toEqual({ id, birth: 20100701, sex: 'female', age: 6, certificateId: id, category: 4, level: 2, problems: [] });
    expect(Object.isFrozen(clean.problems)).toBe(true);
    expect(readIdentity(id, `${other}42`, '2017-07-01')).toMatchObject({ birth: 20100701, age: 7, certificateId: other, problems: [{ field: 'residentId', code: 'CERT_ID_MISMATCH', severity: 'warning' }] });
    // Born after the reference date: what the number says is still read, the record is wrong.
    const future = readIdentity(id, `${id}42`, '2009-12-31');
    expect(future).toMatchObject({ id, birth: 20100701, sex: 'female', age: undefined, category: 4, level: 2 });
    expect(future.problems.map((p) => [p.field, p.code, p.severity])).toEqual([
      ['residentId', 'ID_BIRTH_FUTURE', 'error'],
      ['certificateNo', 'CERT_RESIDENT_ID', 'error'],
    ]);
    expect(future.problems[0]!.message).toBe('出生日期 2010-07-01 晚于参考日期 2009-12-31');
    expect(readIdentity(id, undefined, '2019-02-30').problems).toEqual([{ field: 'ref', code: 'ID_OPTION_INVALID', severity: 'error', message: '参考日期无效：2019-02-30' }]);
    expect(readIdentity(12345 as unknown as string).problems[0]).toMatchObject({ field: 'residentId', code: 'ID_NOT_STRING' });
    expect(readIdentity(undefined, `${id}82`).problems[0]).toMatchObject({ field: 'certificateNo', code: 'CERT_CATEGORY' });
    expect(readIdentity()).toEqual({ id: undefined, birth: undefined, sex: undefined, age: undefined, certificateId: undefined, category: undefined, level: undefined, problems: [] });
  });

  it('fills `into` with exactly what a fresh call returns, record after record', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.oneof(residentId, absent), fc.oneof(certificate, absent), fc.option(date, { nil: undefined })), { maxLength: 20 }), (recs) => {
        const into = readIdentity();
        const options = { into };
        for (const [rid, cert, asOf] of recs) {
          const got = readIdentity(rid, cert, asOf, options);
          expect(got).toBe(into);
          expect({ ...got }).toEqual(readIdentity(rid, cert, asOf));
        }
      }),
      { numRuns: 300, seed: 5 },
    );
  });
});
