/**
 * @canji/deid benchmarks, in one process:
 * 1. keyed pseudonyms per second (goal ≥ 500,000/s on one core in Node) against what a user would
 *    otherwise write — `node:crypto` `createHmac` per call — and `@noble/hashes` HMAC;
 * 2. k-anonymity measurement over 1.5 × 10^6 synthetic records (@canji/synth) with 4
 *    quasi-identifiers (goal < 5 s) against a hand-written group-by on JSON keys;
 * 3. record de-identification throughput and a lattice search, for orientation.
 * Sizes can be lowered with DEID_BENCH_RECORDS for a quick run.
 */
import { createHash, createHmac } from 'node:crypto';
import { hmac } from '@noble/hashes/hmac';
import { sha256 } from '@noble/hashes/sha2';
import { makeResidentId } from '@canji/id';
import { personForm } from '@canji/form';
import { synthesizePersons } from '@canji/synth';
import { compare, fmt, heapMB, report, table, type Row } from '../../../scripts/bench-kit.js';
import {
  HIERARCHIES,
  ageHierarchy,
  createPseudonymizer,
  defaultPolicy,
  deidentifyRecords,
  enforceKAnonymity,
  measureKAnonymity,
  type Pseudonymizer,
} from '../src/index.js';

const RECORDS = Number(process.env.DEID_BENCH_RECORDS ?? 1_500_000);
// DEID_BENCH_SECTIONS=pseudonyms,kanon,policy runs only those (the report then holds only those).
const ONLY = new Set((process.env.DEID_BENCH_SECTIONS ?? 'pseudonyms,kanon,policy').split(','));
const sections: string[] = [];
const LOAD_NOTE = 'Machine shared with about seven other engineers running builds and tests at the same time: absolute figures are noisy and pessimistic; ratios within one table are the reliable part.';

// ---------------------------------------------------------------- 1. pseudonyms
const N_IDS = 50_000;
const REGIONS = ['110105', '430104', '430121', '440305', '510107', '650102'];
let s = 12345;
const rnd = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
const ids: string[] = [];
for (let i = 0; i < N_IDS; i++) {
  const year = 1930 + Math.floor(rnd() * 90);
  const date = new Date(Date.UTC(year, 0, 1) + Math.floor(rnd() * 365) * 864e5).toISOString().slice(0, 10);
  const sex = rnd() < 0.5 ? 'male' : 'female';
  ids.push(makeResidentId({ regionCode: REGIONS[i % REGIONS.length]!, birthDate: date, sex, sequence: Math.floor(rnd() * 499) * 2 + (sex === 'male' ? 1 : 0) }));
}
const key = new Uint8Array(createHash('sha256').update('canji bench key').digest());
const unwrap = async (p: Promise<{ ok: true; value: Pseudonymizer } | { ok: false; error: { code: string } }>) => {
  const r = await p;
  if (!r.ok) throw new Error(r.error.code);
  return r.value;
};
const nodeP = await unwrap(createPseudonymizer({ key, keyId: 'bench', engine: 'node' }));
const webP = await unwrap(createPseudonymizer({ key, keyId: 'bench', engine: 'webcrypto' }));
const keyBuf = Buffer.from(key);
const enc = new TextEncoder();
let sink = 0;

if (ONLY.has('pseudonyms')) sections.push(
  await compare(
    `Keyed pseudonyms (HMAC-SHA-256, 22-character token) of ${N_IDS.toLocaleString('en-US')} distinct ID numbers, one core, wall time`,
    [
      { name: 'canji pseudonymizeSync (node:crypto engine)', canji: true, fn: () => { for (const id of ids) { const r = nodeP.pseudonymizeSync!(id); if (r.ok) sink += r.value.length; } } },
      { name: 'canji pseudonymizeMany (node:crypto engine)', canji: true, fn: async () => { sink += (await nodeP.pseudonymizeMany(ids)).length; } },
      { name: 'canji pseudonymizeMany (Web Crypto engine, as in browsers)', canji: true, fn: async () => { sink += (await webP.pseudonymizeMany(ids)).length; } },
      { name: 'node:crypto createHmac per call, digest base64url (no canonicalisation, no validation)', fn: () => { for (const id of ids) sink += createHmac('sha256', keyBuf).update(id).digest('base64url').length; } },
      { name: '@noble/hashes hmac(sha256) per call (no canonicalisation)', fn: () => { for (const id of ids) sink += hmac(sha256, key, enc.encode(id)).length; } },
    ],
    {
      opsPerCall: N_IDS,
      time: 2000,
      notes: [
        'canji does more per call than the alternatives: it canonicalises the input (x/X, full-width, 15 digits, certificate numbers), validates the check character and date, then computes the HMAC (string digest, cheaper than a Buffer); invalid input gives `DEID_ID_INVALID` instead of a token.',
        'The node engine uses a prepared `KeyObject` (`createSecretKey`) per pseudonymizer; `@noble/hashes` (pure JS, audited) was measured as a candidate engine and is slower in Node, so it is not used.',
        'Goal: ≥ 500,000 pseudonyms per second per core in Node.',
        LOAD_NOTE,
      ],
    },
  ),
);

// CPU-time throughput: wall-clock figures on a loaded shared machine include time spent waiting for
// a core; user + system CPU time of this process is closer to what one free core would do.
function cpuRate(name: string, canji: boolean, fn: () => void, passes = 6): Row {
  fn(); // warm-up
  let best = Infinity;
  for (let i = 0; i < passes; i++) {
    const c0 = process.cpuUsage();
    fn();
    const c = process.cpuUsage(c0);
    best = Math.min(best, (c.user + c.system) / 1000); // ms of CPU
  }
  const nsPerOp = (best * 1e6) / N_IDS;
  return { name, canji, nsPerOp, opsPerSec: 1e9 / nsPerOp, samples: passes, rme: NaN };
}
if (ONLY.has('pseudonyms')) sections.push(
  table(
    `Keyed pseudonyms per CPU-second (process CPU time, best of 6 passes over ${N_IDS.toLocaleString('en-US')} IDs)`,
    [
      cpuRate('canji pseudonymizeSync (node:crypto engine)', true, () => { for (const id of ids) { const r = nodeP.pseudonymizeSync!(id); if (r.ok) sink += r.value.length; } }),
      cpuRate('node:crypto createHmac per call, digest base64url', false, () => { for (const id of ids) sink += createHmac('sha256', keyBuf).update(id).digest('base64url').length; }),
      cpuRate('@noble/hashes hmac(sha256) per call', false, () => { for (const id of ids) sink += hmac(sha256, key, enc.encode(id)).length; }),
    ],
    [
      'CPU time of this process (user + system) instead of wall time: on the loaded shared machine this approximates the rate of one free core; it still includes GC and cache contention with other processes.',
    ],
  ),
);

if (ONLY.has('kanon')) {
// ---------------------------------------------------------------- 2. k-anonymity over 1.5 × 10^6 records
interface Compact {
  region_code: string;
  county: string;
  sex: string;
  birth_date: string;
  birth_year: string;
  disability_level: number;
  disability_category: number;
}
const tGen = performance.now();
const records: Compact[] = [];
for (const p of synthesizePersons({ seed: 2026, count: RECORDS, region: '43' })) {
  const r = p as unknown as Record<string, unknown>;
  const birth = String(r.birth_date);
  records.push({
    region_code: String(r.region_code),
    county: String(r.region_code).slice(0, 6),
    sex: String(r.sex),
    birth_date: birth,
    birth_year: birth.slice(0, 4),
    disability_level: Number(r.disability_level),
    disability_category: Number(r.disability_category),
  });
}
const genSeconds = (performance.now() - tGen) / 1000;
const heapWithRecords = heapMB();

function naiveGroupBy(rs: readonly Compact[], qis: readonly (keyof Compact)[]): number {
  // What a user would write: a JSON key per record, counts in a Map, k = smallest count.
  const m = new Map<string, number>();
  for (const r of rs) {
    const k = JSON.stringify(qis.map((q) => r[q]));
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  let k = Infinity;
  for (const v of m.values()) if (v < k) k = v;
  return k;
}

function timeIt(fn: () => unknown, runs = 3): { ms: number; cpuMs: number; result: unknown } {
  const times: number[] = [];
  const cpu: number[] = [];
  let result: unknown;
  for (let i = 0; i < runs; i++) {
    heapMB();
    const c0 = process.cpuUsage();
    const t = performance.now();
    result = fn();
    times.push(performance.now() - t);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  times.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return { ms: times[Math.floor(runs / 2)]!, cpuMs: cpu[Math.floor(runs / 2)]!, result };
}

const qiSets: [string, (keyof Compact)[]][] = [
  ['released extract: county, sex, birth year, disability level', ['county', 'sex', 'birth_year', 'disability_level']],
  ['raw: 12-digit village code, sex, full birth date, disability level', ['region_code', 'sex', 'birth_date', 'disability_level']],
];
const kNotes: string[] = [
  `${RECORDS.toLocaleString('en-US')} synthetic person records from @canji/synth (seed 2026, province 43); generating them took ${genSeconds.toFixed(1)} s (not timed below); heap with the compact records loaded: ${heapWithRecords.toFixed(0)} MB.`,
];
const kRows: Row[] = [];
for (const [label, qis] of qiSets) {
  const c = timeIt(() => measureKAnonymity(records, qis, { sensitive: 'disability_category' }));
  const rep = c.result as ReturnType<typeof measureKAnonymity>;
  const nv = timeIt(() => naiveGroupBy(records, qis));
  if (nv.result !== rep.k) throw new Error(`k disagrees: ${String(nv.result)} vs ${rep.k}`);
  const row = (name: string, canji: boolean, ms: number): Row => ({ name, canji, nsPerOp: (ms * 1e6) / RECORDS, opsPerSec: RECORDS / (ms / 1000), samples: 3, rme: NaN });
  kRows.push(row(`canji measureKAnonymity + ℓ-diversity — ${label}`, true, c.ms), row(`JSON-key group-by in a Map (k only) — ${label}`, false, nv.ms));
  kNotes.push(
    `${label}: canji ${(c.ms / 1000).toFixed(2)} s wall, ${(c.cpuMs / 1000).toFixed(2)} s CPU for the whole report (k = ${rep.k}, ${fmt(rep.classes, 0)} classes, ${fmt(rep.recordsAtRisk, 0)} records in classes < 5, average prosecutor risk ${rep.prosecutorRisk.average.toFixed(4)}, ℓ = ${rep.lDiversity?.l}); the hand-written group-by took ${(nv.ms / 1000).toFixed(2)} s wall, ${(nv.cpuMs / 1000).toFixed(2)} s CPU for k alone.`,
  );
}
kNotes.push('Goal: under 5 s for 1.5 × 10^6 records with 4 quasi-identifiers. Median of 3 runs. CPU = user + system time of this process (GC helper threads included): on the loaded machine it is the better estimate of one free core; wall time includes waiting for a core.', LOAD_NOTE);
sections.push(table(`k-anonymity measurement over ${RECORDS.toLocaleString('en-US')} records, 4 quasi-identifiers (ns per record)`, kRows, kNotes));

}

if (ONLY.has('policy')) {
// ---------------------------------------------------------------- 3. record policy and lattice search
const N_POLICY = Math.min(100_000, RECORDS);
// timeIt is defined in the k-anonymity block; keep a local copy so this block runs alone.
const timeOnce = (fn: () => unknown): { ms: number; result: unknown } => {
  heapMB();
  const t = performance.now();
  const result = fn();
  return { ms: performance.now() - t, result };
};
const full = [...synthesizePersons({ seed: 7, count: N_POLICY, region: '43' })] as unknown as Record<string, unknown>[];
const policy = defaultPolicy({ items: personForm('2017').items, pseudonymizer: nodeP, asOf: '2019-06-30' });
const tp0 = performance.now();
let nOut = 0;
for await (const _ of deidentifyRecords(full, policy)) nOut++;
const polMs = performance.now() - tp0;

const sub = full.map((r) => ({ region_code: String(r.region_code), birth_date: String(r.birth_date), sex: String(r.sex), disability_level: Number(r.disability_level) }));
const tEnf = timeOnce(
  () =>
    enforceKAnonymity(sub, {
      quasiIdentifiers: ['region_code', 'birth_date', 'sex', 'disability_level'],
      k: 5,
      hierarchies: { region_code: HIERARCHIES.regionCode, birth_date: ageHierarchy('2019-06-30'), disability_level: HIERARCHIES.disabilityLevel },
      maxSuppression: 0.01,
    }),
);
const enf = tEnf.result as ReturnType<typeof enforceKAnonymity>;
const enfNote = enf.ok
  ? `chosen levels ${JSON.stringify(enf.value.levels)}, ${fmt(enf.value.report.suppressedRecords, 0)} records suppressed, precision loss ${enf.value.report.precisionLoss.toFixed(3)}, ${enf.value.report.nodesEvaluated} of ${enf.value.report.latticeSize} lattice nodes evaluated`
  : `error ${enf.error.code}`;
sections.push(
  table(
    `Record de-identification and lattice search (${N_POLICY.toLocaleString('en-US')} synthetic records)`,
    [
      { name: 'deidentifyRecords, default policy from @canji/form classes, with pseudonyms (per record)', canji: true, nsPerOp: (polMs * 1e6) / nOut, opsPerSec: nOut / (polMs / 1000), samples: 1, rme: NaN },
      { name: 'enforceKAnonymity k = 5, 4 quasi-identifiers, ≤ 1 % suppression (per record)', canji: true, nsPerOp: (tEnf.ms * 1e6) / N_POLICY, opsPerSec: N_POLICY / (tEnf.ms / 1000), samples: 1, rme: NaN },
    ],
    [`enforceKAnonymity: ${(tEnf.ms / 1000).toFixed(2)} s in total; ${enfNote}.`, 'No comparable library in the npm registry for these two; figures for orientation.', LOAD_NOTE],
  ),
);

}

if (sink === -1) console.log(sink);
report('deid', sections);
