import { validateVillage } from '@canji/form';
import { loadVillages } from '@canji/regions';
import { describe, expect, it } from 'vitest';
import { fabricateVillages, isCommunityCode, loadSynthVillages, resolveVillages, synthesizePersons, synthesizeVillages, VILLAGE_ITEMS } from '@canji/synth';

describe('villages', () => {
  it('fabricated villages have NBS-shaped codes: communities 001–199, villages 200–399', () => {
    const v = fabricateVillages('430121');
    expect(new Set(v.map((x) => x.code)).size).toBe(v.length);
    for (const x of v) {
      expect(x.code).toMatch(/^430121\d{6}$/);
      expect(isCommunityCode(x.code)).toBe(x.urban);
    }
    expect(v.some((x) => x.urban) && v.some((x) => !x.urban)).toBe(true);
  });

  it('synthesizeVillages: one record per village, yes/no items, deterministic', () => {
    const villages = resolveVillages('430121');
    const a = [...synthesizeVillages({ seed: 1, region: '430121' })];
    expect(a.map((x) => x.region_code)).toEqual(villages.map((v) => v.code));
    for (const r of a) {
      for (const { key } of VILLAGE_ITEMS) expect([1, 2]).toContain(r[key]);
      const v = validateVillage(r);
      expect(v.problems).toEqual([]);
    }
    expect([...synthesizeVillages({ seed: 1, region: '430121' })]).toEqual(a);
    expect([...synthesizeVillages({ seed: 2, region: '430121' })]).not.toEqual(a);
  });

  it('with the real village table loaded, persons live in real villages and communities', async () => {
    await loadVillages('43');
    const real = await loadSynthVillages('430121');
    const codes = new Set(real.map((v) => v.code));
    expect(real.length).toBeGreaterThan(100);
    for (const p of synthesizePersons({ seed: 1, count: 500, villages: real })) expect(codes.has(p.region_code as string)).toBe(true);
    // resolveVillages now sees the loaded table too
    expect(resolveVillages('430121').map((v) => v.code)).toEqual(real.map((v) => v.code));
  });
});
