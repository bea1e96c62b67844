/**
 * Laws of the submission package, for all inputs: any single-byte change to any file of a package
 * (the manifest included) is found; the figures of a combination of counties' packages equal the
 * figures of the combined batch checked at once.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PACKAGE_MANIFEST_FILE, combinePackages, figuresFromReport, verifyPackage, type SummaryUnitFigures } from '@canji/review';
import { county1, countyRecords, packageOf, reportOf } from './package-fixture.js';

const base = packageOf(county1());
const paths = [...base.keys()].sort();

describe('any single-byte change is detected', () => {
  it('in any file, at any position, by any other byte value', () => {
    fc.assert(
      fc.property(fc.nat(paths.length - 1), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), fc.integer({ min: 1, max: 255 }), (fi, at, x) => {
        const path = paths[fi]!;
        const bytes = Uint8Array.from(base.get(path)!);
        const i = Math.floor(at * bytes.length);
        bytes[i] = bytes[i]! ^ x;
        const pkg = new Map(base);
        pkg.set(path, bytes);
        const v = verifyPackage(pkg);
        expect(v.ok).toBe(false);
        const codes = v.findings.filter((f) => f.severity === 'error').map((f) => f.code);
        if (path === PACKAGE_MANIFEST_FILE) expect(codes.some((c) => c.startsWith('PACKAGE_MANIFEST_') || c.startsWith('PACKAGE_FILE_'))).toBe(true);
        else expect(codes).toContain('PACKAGE_FILE_CHANGED');
      }),
      { numRuns: 300 },
    );
  });

  it('including a byte added or removed at the end of a file', () => {
    for (const path of paths) {
      const b = base.get(path)!;
      for (const changed of [b.subarray(0, b.length - 1), Uint8Array.from([...b, 0x20])]) {
        const pkg = new Map(base);
        pkg.set(path, changed);
        expect(verifyPackage(pkg).ok, path).toBe(false);
      }
    }
  });
});

const counts = (u: SummaryUnitFigures) => ({ code: u.code, persons: u.persons, withErrors: u.withErrors, withWarnings: u.withWarnings, homeVisits: u.homeVisits, modes: u.modes });

describe('a combination’s figures are the combined batch’s figures', () => {
  it('for any sizes, seeds and error rates of two counties', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 60 }), fc.nat(1000), fc.constantFrom(0, 0.1, 0.3), (n1, n2, seed, errors) => {
        const a = countyRecords('430121', n1, seed, errors);
        const b = countyRecords('430181', n2, seed + 7, errors);
        const c = combinePackages({ code: '430100', name: '长沙市', level: 'prefecture' }, [
          packageOf(reportOf(a, '430121', 'township', '长沙县')),
          packageOf(reportOf(b, '430181', 'township', '浏阳市')),
        ]);
        expect(c.findings.filter((f) => f.severity === 'error')).toEqual([]);
        const whole = figuresFromReport(reportOf([...a, ...b], '4301', 'county', '长沙市'), { round: '2019' });
        expect(c.figures.rows.map(counts)).toEqual(whole.rows.map(counts));
        expect({ ...counts(c.figures.total), code: '' }).toEqual({ ...counts(whole.total), code: '' });
      }),
      { numRuns: 25 },
    );
  });
});
