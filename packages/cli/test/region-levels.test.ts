/**
 * One vocabulary of region levels (@canji/regions: province, prefecture, county, township,
 * village) across check and indicators. Before, rules and indicators called the prefecture level
 * `city`: `--level prefecture` put every record under 地区不详, `--by prefecture` failed with
 * INDICATOR_DIMENSION, and `--level village` crashed because the village table was not loaded.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getRegion, loadVillages, normalizeRegionLevel } from '@canji/regions';
import { synthesizePersons, writePersonsCsv } from '@canji/synth';
import { canji, removeTempDirs, tempDir } from './helpers.js';

afterAll(removeTempDirs);
const dir = tempDir();

beforeAll(async () => {
  await writePersonsCsv(synthesizePersons({ seed: 3, count: 80, region: '430121' }), join(dir, 'p.csv'), { headers: 'machine' });
});

interface JsonReport {
  meta: { regionLevel: string };
  regions: { code: string; name?: string; read: number }[];
}

describe('region levels in canji check and canji indicators', () => {
  it('check --level prefecture counts every record under its prefecture (长沙市 4301)', async () => {
    const r = await canji(dir, 'check', 'p.csv', '--as-of', '2019-06-30', '--level', 'prefecture', '--out', 'pref.json', '--fail-on', 'never');
    expect(r.code).toBe(0);
    const rep = JSON.parse(readFileSync(join(dir, 'pref.json'), 'utf8')) as JsonReport;
    expect(rep.meta.regionLevel).toBe('prefecture');
    expect(rep.regions.map((g) => [g.code, g.read])).toEqual([['4301', 80]]);
    expect(rep.regions[0]!.name).toBe('湖南省长沙市');
    const md = await canji(dir, 'check', 'p.csv', '--as-of', '2019-06-30', '--level', 'prefecture', '--out', 'pref.md', '--fail-on', 'never');
    expect(md.code).toBe(0);
    const text = readFileSync(join(dir, 'pref.md'), 'utf8');
    expect(text).toContain('分地区统计层级：市（地级）');
    expect(text).not.toContain('undefined');
  });

  it('check --level village loads the village table and names the villages', async () => {
    const r = await canji(dir, 'check', 'p.csv', '--region', '430121', '--as-of', '2019-06-30', '--level', 'village', '--out', 'vil.json', '--fail-on', 'never');
    expect(r.stderr).not.toContain('INTERNAL');
    expect(r.code).toBe(0);
    const rep = JSON.parse(readFileSync(join(dir, 'vil.json'), 'utf8')) as JsonReport;
    expect(rep.meta.regionLevel).toBe('village');
    expect(rep.regions.length).toBeGreaterThan(1);
    await loadVillages('43');
    let named = 0;
    for (const g of rep.regions) {
      expect(g.code).toMatch(/^430121\d{6}$/);
      expect(g.name).toBe(getRegion(g.code)?.name);
      if (g.name) named++;
    }
    expect(named).toBeGreaterThan(rep.regions.length / 2);
    expect(rep.regions.reduce((n, g) => n + g.read, 0)).toBe(80);
  });

  it('indicators --by prefecture gives a row named after the prefecture', async () => {
    const r = await canji(dir, 'indicators', 'p.csv', '--as-of', '2019-06-30', '--by', 'prefecture');
    expect(r.stderr).not.toContain('INDICATOR_DIMENSION');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('| 湖南省长沙市 |');
    expect(r.stdout).not.toContain('未知');
  });

  it("reads the deprecated name 'city' as the prefecture level", () => {
    expect(normalizeRegionLevel('city')).toBe('prefecture');
    expect(normalizeRegionLevel('village')).toBe('village');
    expect(normalizeRegionLevel('district')).toBeUndefined();
  });
});
