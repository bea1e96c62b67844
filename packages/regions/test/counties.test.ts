/**
 * The small county entry agrees with the main entry at every code it knows, its generated data is
 * what scripts/regions/counties.ts derives from the main table (they cannot drift), and it stays small.
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { defaultRegionTable, residentIdRegionLookup } from '@canji/regions';
import { countyChildren, countyRegion, countyResidentIdLookup, countyTable } from '../src/counties.js';
import { countiesModule } from '../../../scripts/regions/counties.js';

describe('@canji/regions/counties', () => {
  it('is generated from the main table (run tsx scripts/regions/counties.ts after regenerating it)', () => {
    expect(readFileSync(new URL('../src/generated/counties.ts', import.meta.url), 'utf8')).toBe(countiesModule());
  });

  it('gives the same region as the main entry for every province, prefecture and county code, current or abolished', () => {
    const main = defaultRegionTable();
    let n = 0;
    const walk = (codes: string[]) => {
      for (const code of codes) {
        const a = main.get(code)!;
        if (a.level === 'township' || a.level === 'village') continue;
        n++;
        expect(countyRegion(code), code).toEqual(a);
        expect(countyResidentIdLookup(code.padEnd(6, '0').slice(0, 6))).toEqual(residentIdRegionLookup(code.padEnd(6, '0').slice(0, 6)));
      }
    };
    const all: string[] = [];
    for (const p of main.provinces({ includeAbolished: true })) {
      all.push(p.code);
      const stack = [...main.children(p.code, { includeAbolished: true })];
      while (stack.length) {
        const r = stack.pop()!;
        if (r.level === 'township') continue;
        all.push(r.code);
        stack.push(...main.children(r.code, { includeAbolished: true }).filter((x) => x.level !== 'township'));
      }
    }
    walk(all);
    expect(n).toBeGreaterThan(3000);
    expect(countyRegion('430121')?.fullName).toBe('湖南省长沙市长沙县');
    expect(countyRegion('430121001')).toBeUndefined();
    expect(countyChildren('4301').map((r) => r.code)).toEqual(main.children('4301').filter((r) => r.status === 'current').map((r) => r.code));
    expect(countyChildren().length).toBe(main.provinces().length);
    expect(countyTable().get('110103')?.status).toBe('abolished');
  });

  it('is small: its data is a tenth of the main table’s', () => {
    const small = gzipSync(readFileSync(new URL('../src/generated/counties.ts', import.meta.url))).length;
    const base = gzipSync(readFileSync(new URL('../src/generated/base.ts', import.meta.url))).length;
    expect(small).toBeLessThan(base / 5);
  });
});
