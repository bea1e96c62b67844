import { makeResidentId, parseResidentId, type RegionLookup } from '@canji/id';
import { describe, expect, it } from 'vitest';
import { createRegionTable, createResidentIdRegionLookup, residentIdRegionLookup } from '@canji/regions';

// The lookup is what @canji/id accepts (checked by the compiler).
const asIdLookup: RegionLookup = residentIdRegionLookup;

describe('residentIdRegionLookup with @canji/id', () => {
  it('warns ID_REGION_ABOLISHED for a number issued under 崇文区 (110103), not ID_REGION_UNKNOWN', () => {
    const id = makeResidentId({ regionCode: '110103', birthDate: '1980-05-06', sex: 'female' });
    const r = parseResidentId(id, { regions: asIdLookup, asOf: '2024-06-30' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const codes = r.warnings.map((w) => w.code);
    expect(codes).toContain('ID_REGION_ABOLISHED');
    expect(codes).not.toContain('ID_REGION_UNKNOWN');
  });

  it('gives no region warning for a current county and ID_REGION_UNKNOWN for a code no table knows', () => {
    const ok = parseResidentId(makeResidentId({ regionCode: '430104', birthDate: '1990-01-01', sex: 'male' }), { regions: residentIdRegionLookup, asOf: '2024-06-30' });
    expect(ok.ok && ok.warnings.filter((w) => w.code.startsWith('ID_REGION'))).toEqual([]);
    const unknown = parseResidentId(makeResidentId({ regionCode: '439999', birthDate: '1990-01-01', sex: 'male' }), { regions: residentIdRegionLookup, asOf: '2024-06-30' });
    expect(unknown.ok && unknown.warnings.map((w) => w.code)).toContain('ID_REGION_UNKNOWN');
  });

  it('knows other abolished codes (宣武区) and the prefecture codes some old numbers carry', () => {
    expect(residentIdRegionLookup('110104')).toMatchObject({ status: 'abolished', name: '北京市宣武区' });
    expect(residentIdRegionLookup('430100')).toMatchObject({ status: 'current', name: '湖南省长沙市' });
    for (const bad of ['', '11010', '1101031', 'abcdef']) expect(residentIdRegionLookup(bad).status).toBe('unknown');
  });

  it('an office table can stand in', () => {
    const t = createRegionTable([{ code: '43', name: '湖南省' }, { code: '4301', name: '长沙市' }, { code: '430103', name: '天心区' }, { code: '430102', name: '芙蓉区', status: 'abolished' }]);
    expect(t.ok).toBe(true);
    if (!t.ok) return;
    const lookup: RegionLookup = createResidentIdRegionLookup(t.value);
    expect(lookup('430102').status).toBe('abolished');
    expect(lookup('430103').status).toBe('current');
  });
});
