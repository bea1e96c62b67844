/**
 * @canji/id against the libraries a user would otherwise pick, on 10^6 mixed numbers (90 % valid),
 * in one process: validator.js `isIdentityCard(s, 'zh-CN')`, `id-validator`, `idcard`, `stdnum`
 * (`cn.ric`). `id-validator` memoises every answer on its instance, so each round gets a fresh
 * instance and a fresh set of numbers (rounds rotate over distinct data sets).
 * Also measures the minified + gzipped size of @canji/id without zod.
 */
import { buildSync } from 'esbuild';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { compare, report } from '../../../scripts/bench-kit.js';
import { differenceInYears, parseISO } from 'date-fns';
import { ageAt, isResidentId, makeResidentId, parseDisabilityCertificateNo, parseResidentId, QUICK_ID_PROBLEM, quickResidentIdAge, readIdentity, residentIdCheckCharacter } from '../src/index.js';

const require = createRequire(import.meta.url);
const validator = require('validator') as { isIdentityCard: (s: string, l: string) => boolean };
const IDValidator = require('id-validator') as new () => { isValid: (s: string) => boolean; getInfo: (s: string) => unknown };
const idcard = require('idcard') as { verify: (s: string) => boolean; info: (s: string) => unknown };
const stdnum = (require('stdnum') as { stdnum: { CN: { ric: { validate: (s: string) => { isValid: boolean } } } } }).stdnum.CN.ric;

const N = Number(process.env.ID_BENCH_N ?? 1_000_000);
const SETS = 4;
// County codes that exist in every compared library's table (so all libraries judge the same).
const REGIONS = ['110105', '110108', '120101', '310104', '320102', '330106', '370102', '420102', '430102', '430104', '440106', '440304', '500103', '510104', '610103'];

function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

function makeSet(seed: number): string[] {
  const r = rng(seed);
  const out: string[] = new Array(N);
  for (let i = 0; i < N; i++) {
    const y = 1930 + Math.floor(r() * 90);
    const m = 1 + Math.floor(r() * 12);
    const d = 1 + Math.floor(r() * 28);
    const sex = r() < 0.5 ? 'male' : 'female';
    const seq = Math.floor(r() * 499) * 2 + (sex === 'male' ? 1 : 0);
    let id = makeResidentId({ regionCode: REGIONS[Math.floor(r() * REGIONS.length)]!, birthDate: `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`, sex, sequence: seq });
    const k = r();
    if (k < 0.04) {
      // wrong check character
      const c = id[17] === '0' ? '1' : '0';
      id = id.slice(0, 17) + c;
    } else if (k < 0.06) {
      // impossible date (Feb 30) with a correct check character
      const first17 = `${id.slice(0, 10)}0230${id.slice(14, 17)}`;
      id = first17 + residentIdCheckCharacter(first17);
    } else if (k < 0.08) {
      id = id.slice(0, 17); // too short
    } else if (k < 0.1) {
      id = `${id.slice(0, 9)}${(+id[9]! + 1) % 10}${id.slice(10)}`; // single-digit typo
    }
    out[i] = id;
  }
  return out;
}

const sets = Array.from({ length: SETS }, (_, i) => makeSet(1000 + i));
const validShare = sets[0]!.filter((s) => isResidentId(s)).length / N;
let round = 0;
let current = sets[0]!;
const next = () => {
  current = sets[round++ % SETS]!;
};
let sink = 0;
const each = (f: (s: string) => unknown) => () => {
  const a = current;
  for (let i = 0; i < a.length; i++) if (f(a[i]!)) sink++;
};

const opts = { opsPerCall: N, time: 0, iterations: 4 };
const boolSection = await compare(`boolean check, ${N.toLocaleString('en-US')} numbers (${(validShare * 100).toFixed(0)} % valid)`, [
  { name: 'canji isResidentId', canji: true, fn: each(isResidentId), beforeEach: next },
  { name: 'validator.js isIdentityCard(s, "zh-CN")', fn: each((s) => validator.isIdentityCard(s, 'zh-CN')), beforeEach: next },
  { name: 'stdnum cn.ric.validate', fn: each((s) => stdnum.validate(s).isValid), beforeEach: next },
  { name: 'idcard.verify', fn: each((s) => idcard.verify(s)), beforeEach: next },
  {
    name: 'id-validator isValid (fresh instance per round)',
    fn: () => {
      const v = new IDValidator();
      const a = current;
      for (let i = 0; i < a.length; i++) if (v.isValid(a[i]!)) sink++;
    },
    beforeEach: next,
  },
], opts);

const parseSection = await compare(`full result (birth date, sex, region…), ${N.toLocaleString('en-US')} numbers`, [
  { name: 'canji parseResidentId', canji: true, fn: each((s) => parseResidentId(s).ok), beforeEach: next },
  { name: 'idcard.info', fn: each((s) => idcard.info(s)), beforeEach: next },
  {
    name: 'id-validator getInfo (fresh instance per round)',
    fn: () => {
      const v = new IDValidator();
      const a = current;
      for (let i = 0; i < a.length; i++) if (v.getInfo(a[i]!)) sink++;
    },
    beforeEach: next,
  },
  { name: 'stdnum cn.ric.validate (its richest result)', fn: each((s) => stdnum.validate(s)), beforeEach: next },
  { name: 'validator.js isIdentityCard (boolean only)', fn: each((s) => validator.isIdentityCard(s, 'zh-CN')), beforeEach: next },
], opts);

// One identity read per record: ID + certificate number (ID + category + level) at a reference date.
const certSets = sets.map((set, k) => set.map((id, i) => `${id.length === 18 ? id : makeResidentId({ regionCode: '430102', birthDate: '1980-01-01', sex: 'male' })}${1 + ((i + k) % 7)}${1 + (i % 4)}`));
let currentCerts = certSets[0]!;
const nextPair = () => {
  const k = round++ % SETS;
  current = sets[k]!;
  currentCerts = certSets[k]!;
};
const REF = '2019-06-30';
const REF_YMD = [2019, 6, 30] as const;
const REF_DATE = new Date(2019, 5, 30);
const into = readIdentity();
const reuse = { into };
const pairs = (f: (id: string, cert: string) => unknown) => () => {
  const a = current;
  const c = currentCerts;
  for (let i = 0; i < a.length; i++) if (f(a[i]!, c[i]!)) sink++;
};
const identitySection = await compare(`identity read (birth date, sex, age at the reference date, category, level), ${N.toLocaleString('en-US')} records (ID numbers as above, certificate = ID + category + level)`, [
  {
    // As rules' form pre-check uses it: the parsers for whatever the quick read is not sure about.
    canji: true,
    name: 'the quick read it replaces: quickResidentIdAge + certificate digits, else the parsers (rules form-fast)',
    fn: pairs((id, cert) => {
      const q = quickResidentIdAge(id, REF_YMD);
      if (q === QUICK_ID_PROBLEM) return false;
      const cc = cert.charCodeAt(18) - 48;
      const lc = cert.charCodeAt(19) - 48;
      if (q >= 0 && cert.length === 20 && cert.startsWith(id) && cc >= 1 && cc <= 7 && lc >= 1 && lc <= 4) return q + cc + lc;
      return parseDisabilityCertificateNo(cert, { asOf: REF }).ok && (q >= 0 || parseResidentId(id, { asOf: REF }).ok);
    }),
    beforeEach: nextPair,
  },
  { name: 'canji readIdentity(id, cert, 20190630, { into })', canji: true, fn: pairs((id, cert) => readIdentity(id, cert, 20190630, reuse).age), beforeEach: nextPair },
  { name: 'canji readIdentity(id, cert, "2019-06-30") (a new result per record)', fn: pairs((id, cert) => readIdentity(id, cert, REF).age), beforeEach: nextPair },
  {
    name: 'canji full parsers: parseResidentId + parseDisabilityCertificateNo (asOf)',
    fn: pairs((id, cert) => parseResidentId(id, { asOf: REF }).ok && parseDisabilityCertificateNo(cert, { asOf: REF }).ok),
    beforeEach: nextPair,
  },
  {
    name: 'idcard.info + date-fns differenceInYears',
    fn: pairs((id) => {
      const info = idcard.info(id) as { valid?: boolean; birthday?: number } | undefined;
      if (!info?.valid || info.birthday === undefined) return false;
      const b = info.birthday;
      return differenceInYears(REF_DATE, new Date(Math.floor(b / 10000), (Math.floor(b / 100) % 100) - 1, b % 100)) >= 0;
    }),
    beforeEach: nextPair,
  },
], { ...opts, iterations: 10, notes: ['Baseline: the quick read readIdentity replaces. The 90 % valid records take the fast path (one checksum, no allocation with `into`); the others go through the parsers, which readIdentity asks about both numbers to report their problems.'] });

// Age alone, on birth dates as the records hold them.
const births = sets.map((set) => set.map((id) => `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`));
const birthNumbers = births.map((b) => Int32Array.from(b, (s) => +s.replace(/-/g, '') || 0));
let k2 = 0;
let curBirths = births[0]!;
let curBirthNumbers = birthNumbers[0]!;
const nextBirths = () => {
  const k = k2++ % SETS;
  curBirths = births[k]!;
  curBirthNumbers = birthNumbers[k]!;
};
const ageSection = await compare(`age at a reference date, ${N.toLocaleString('en-US')} birth dates`, [
  {
    name: 'canji ageAt(yyyymmdd, yyyymmdd)',
    canji: true,
    fn: () => {
      const a = curBirthNumbers;
      for (let i = 0; i < a.length; i++) sink += ageAt(a[i]!, 20190630) ?? 0;
    },
    beforeEach: nextBirths,
  },
  {
    name: 'canji ageAt("YYYY-MM-DD", "2019-06-30")',
    fn: () => {
      const a = curBirths;
      for (let i = 0; i < a.length; i++) sink += ageAt(a[i]!, REF) ?? 0;
    },
    beforeEach: nextBirths,
  },
  {
    name: 'date-fns differenceInYears(REF_DATE, parseISO(birth))',
    fn: () => {
      const a = curBirths;
      for (let i = 0; i < a.length; i++) {
        const d = parseISO(a[i]!);
        if (!Number.isNaN(d.getTime())) sink += differenceInYears(REF_DATE, d);
      }
    },
    beforeEach: nextBirths,
  },
], opts);

// Size: the ESM build minified, zod left external (it is a peer used only by the schemas).
const entry = fileURLToPath(new URL('../src/index.ts', import.meta.url));
const all = buildSync({ entryPoints: [entry], bundle: true, minify: true, format: 'esm', write: false, external: ['zod'], platform: 'neutral' });
const noZod = buildSync({
  stdin: { contents: `export { parseResidentId, isResidentId, canonicalResidentId, parseDisabilityCertificateNo, makeResidentId, makeDisabilityCertificateNo, ageAt, readIdentity, upgradeLegacyId } from ${JSON.stringify(entry)};`, resolveDir: '.', loader: 'ts' },
  bundle: true, minify: true, format: 'esm', write: false, external: ['zod'], platform: 'neutral', treeShaking: true,
});
const kb = (b: Uint8Array) => (b.length / 1024).toFixed(2);
const gz = (b: Uint8Array) => (gzipSync(b, { level: 9 }).length / 1024).toFixed(2);
const sizeSection = [
  '### bundle size (esbuild --minify, zod external)',
  '',
  '| entry | minified kB | min+gzip kB |',
  '| --- | ---: | ---: |',
  `| whole @canji/id (schemas import zod, not counted) | ${kb(all.outputFiles[0]!.contents)} | ${gz(all.outputFiles[0]!.contents)} |`,
  `| parsers and constructors only (no zod at all) | ${kb(noZod.outputFiles[0]!.contents)} | ${gz(noZod.outputFiles[0]!.contents)} |`,
  '',
  'Goal: at most 10 kB min+gzip without zod.',
  '',
].join('\n');
console.log(sizeSection, sink > 0 ? '' : ' ');

report('id', [boolSection, parseSection, identitySection, ageSection, sizeSection]);
