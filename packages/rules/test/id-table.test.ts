import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalResidentId, makeResidentId } from '@canji/id';
import { batchRules, recordFacts } from '@canji/rules';
import { Int32Column, PackedKeyTable, packCertificateNo, packed, packResidentId } from '../src/id-table.js';

const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((a) => a.join(''));
/** Any 17 digits and a check character (not necessarily a valid checksum: packing does not care). */
const id18 = fc.tuple(digits(17), fc.constantFrom(...'0123456789X')).map(([a, b]) => a + b);

function packId(s: string): [number, number, number] | undefined {
  return packResidentId(s) ? [packed.hi, packed.lo, packed.ext] : undefined;
}
function packCert(s: string): [number, number, number] | undefined {
  return packCertificateNo(s) ? [packed.hi, packed.lo, packed.ext] : undefined;
}

describe('packed keys', () => {
  it('packs every canonical 18-character ID, injectively, into non-negative 31-bit integers', () => {
    fc.assert(
      fc.property(id18, id18, (a, b) => {
        const pa = packId(a)!;
        const pb = packId(b)!;
        expect(pa.every((x) => Number.isInteger(x) && x >= 0 && x < 2 ** 31)).toBe(true);
        expect(pa.join() === pb.join()).toBe(a === b);
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses what is not canonical: lower-case x, 15 digits, letters, wrong lengths', () => {
    for (const s of ['11010519491231002x', '110105491231002', '1101051949123100A2', '11010519491231002X1', '', '１１010519491231002X']) {
      expect(packResidentId(s)).toBe(false);
    }
  });

  it('packs certificate numbers (ID + two digits, optional B + digit) injectively, and nothing else', () => {
    const cert = fc.tuple(id18, digits(2), fc.option(fc.integer({ min: 0, max: 9 }))).map(([id, d, r]) => id + d + (r === null ? '' : `B${r}`));
    fc.assert(
      fc.property(cert, cert, (a, b) => {
        const pa = packCert(a)!;
        const pb = packCert(b)!;
        expect(pa).toBeDefined();
        expect(pa.join() === pb.join()).toBe(a === b);
        expect(pa[2]).toBeGreaterThan(0);
      }),
      { numRuns: 2000 },
    );
    for (const s of ['11010519491231002X4', '11010519491231002X421', '11010519491231002X42b1', '11010519491231002X42BX', '11010519491231002X4A', '1101051949123100AX42']) {
      expect(packCertificateNo(s)).toBe(false);
    }
  });

  it('PackedKeyTable gives the same entry numbers as a Map, across growth and collisions', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 0, max: 3 })), { maxLength: 3000 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 0, max: 3 })), { maxLength: 200 }),
        (adds, probes) => {
          const t = new PackedKeyTable(1);
          const m = new Map<string, number>();
          for (const [hi, lo0, ext] of adds) {
            const lo = lo0 % 50; // many repeats
            const k = `${hi},${lo},${ext}`;
            const e = t.add(hi, lo, ext);
            const before = m.get(k);
            expect(t.added).toBe(before === undefined);
            if (before === undefined) m.set(k, m.size);
            expect(e).toBe(m.get(k));
          }
          expect(t.size).toBe(m.size);
          for (const [hi, lo, ext] of [...adds, ...probes]) expect(t.get(hi, lo % 50, ext)).toBe(m.get(`${hi},${lo % 50},${ext}`) ?? -1);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('Int32Column keeps values across growth', () => {
    const c = new Int32Column();
    for (let i = 0; i < 5000; i += 7) c.set(i, i * 3);
    for (let i = 0; i < 5000; i += 7) expect(c.get(i)).toBe(i * 3);
  });
});

describe('batch rules over packed keys', () => {
  // Small pools, so that people, certificates and householders repeat often; some values do not pack.
  const people = Array.from({ length: 6 }, (_, i) => makeResidentId({ regionCode: '430121', birthDate: `19${50 + i}-0${(i % 9) + 1}-1${i}`, sex: i % 2 ? 'male' : 'female', sequence: 10 + i }));
  const idCell = fc.constantFrom(...people, people[0]!.toLowerCase(), `${people[1]!.slice(0, 6)}${people[1]!.slice(8, 17)}`, '', '123');
  const certCell = fc.constantFrom(
    ...people.map((p) => `${p}12`),
    `${people[0]}12B1`,
    `${people[0]}12B2`,
    `${people[1]}12`.toLowerCase(),
    ` ${people[2]}31 `,
    `${people[3]}1`,
    `${people[3]}123`,
    `${people[4]}12 B1`,
    'ABCDEFGHIJKLMNOPQRSTU',
    '',
  );
  const nameCell = fc.constantFrom('甲', '乙', '集体户口', '');
  const record = fc.record({ resident_id: idCell, certificate_no: certCell, householder_id: idCell, householder_name: nameCell });

  /** The rules as first written: maps of strings. */
  function reference(recs: Record<string, string>[]): string[][] {
    const first = new Map<string, number>();
    const owner = new Map<string, string>();
    const names = new Map<string, string>();
    return recs.map((r, index) => {
      const out: string[] = [];
      const id = r.resident_id ? canonicalResidentId(r.resident_id) : undefined;
      if (id !== undefined) {
        if (first.has(id)) out.push(`dup:${first.get(id)}`);
        else first.set(id, index);
      }
      const t = r.certificate_no!.trim().toUpperCase();
      if (t.length >= 20 && id !== undefined) {
        const prev = owner.get(t);
        if (prev === undefined) owner.set(t, id);
        else if (prev !== id) out.push(`cert:${t}`);
      }
      const hid = r.householder_id!;
      const hn = r.householder_name!;
      const key = hid && hn && hn !== '集体户口' ? canonicalResidentId(hid) : undefined;
      if (key !== undefined) {
        const prev = names.get(key);
        if (prev === undefined) names.set(key, hn);
        else if (prev !== hn) out.push(`hh:${hn}`);
      }
      return out;
    });
  }

  it('find exactly what maps of strings find', () => {
    const rules = batchRules().filter((r) => r.scope === 'batch');
    fc.assert(
      fc.property(fc.array(record, { maxLength: 60 }), (recs) => {
        const seers = rules.map((r) => (r as { start: (c: object) => (r: object, f: object, i: number) => unknown }).start({}));
        const got = recs.map((r, index) => {
          const f = recordFacts(r);
          const out: string[] = [];
          const [dup, cert, hh] = seers.map((see) => see(r, f, index)) as ({ recorded?: unknown } | false)[];
          if (dup) out.push(`dup:${dup.recorded}`);
          if (cert) out.push(`cert:${cert.recorded}`);
          if (hh) out.push(`hh:${hh.recorded}`);
          return out;
        });
        expect(got).toEqual(reference(recs));
      }),
      { numRuns: 500 },
    );
  });
});
