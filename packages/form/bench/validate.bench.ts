/**
 * validatePerson on realistic 2017 records: records per second on one core, and the cost relative
 * to a bare `schema.safeParse` of the same records (the zod schema checks shape and codes only;
 * validatePerson adds identity parsing, skip logic, exclusive options and implications).
 *
 * Records are generated here by walking the form in order with a seeded PRNG and asking
 * `itemApplicability` which items apply (until @canji/synth can be used without a dependency cycle).
 */
import { cpus, loadavg } from 'node:os';
import { makeDisabilityCertificateNo, makeResidentId } from '@canji/id';
import { itemApplicability, personForm, personRecordSchema, validatePerson, type ItemDef } from '@canji/form';
import { compare, report, table, type BenchCase } from '../../../scripts/bench-kit.js';
import { benchBaseline, distEntry } from '../../../scripts/bench-base.js';

// With a built baseline (scripts/bench-baseline.mjs), the same records through the earlier version's validatePerson.
const baseline = benchBaseline();
const before = baseline ? ((await import(distEntry('form', baseline.dir))) as typeof import('@canji/form')) : undefined;

const N = 2000;
let seed = 20170702;
const rand = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const form = personForm('2017');
const REF = '2019-07-01';

function codesFor(item: ItemDef): number[] {
  const list = form.codeLists[item.codeList!]!;
  return list.open ? [1, 2, 3] : list.entries.map((e) => e.code);
}

function answer(item: ItemDef, i: number): unknown {
  switch (item.type) {
    case 'yesno':
      return rand() < 0.6 ? 1 : 2;
    case 'single':
      return pick(codesFor(item));
    case 'multiple': {
      const cs = codesFor(item).filter((c) => !item.exclusive?.includes(c));
      if (item.exclusive && rand() < 0.4) return [item.exclusive[0]];
      const k = 1 + Math.floor(rand() * Math.min(3, cs.length));
      return [...new Set(Array.from({ length: k }, () => pick(cs)))].sort((a, b) => a - b);
    }
    case 'number':
      return Math.floor(rand() * 10);
    case 'date':
      return REF;
    case 'text':
      return item.key === 'r6' ? `1380000${String(i).padStart(4, '0')}` : `测试${i}`;
    default:
      return item.type satisfies never;
  }
}

function makeRecord(i: number): Record<string, unknown> {
  const birth = `${1940 + Math.floor(rand() * 76)}-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`;
  const sex = rand() < 0.55 ? 'male' : 'female';
  const rid = makeResidentId({ regionCode: pick(['110105', '430102', '370102', '620102']), birthDate: birth, sex, sequence: (sex === 'male' ? 1 : 2) + 2 * Math.floor(rand() * 400) });
  const category = (1 + Math.floor(rand() * 7)) as 1 | 2 | 3 | 4 | 5 | 6 | 7;
  const level = (1 + Math.floor(rand() * 4)) as 1 | 2 | 3 | 4;
  const rec: Record<string, unknown> = {
    region_code: `${rid.slice(0, 6)}001001`,
    survey_year: 2019,
    reference_date: REF,
    person_status: rand() < 0.95 ? 6 : pick([1, 2, 3, 4, 5]),
    collection_mode: pick([1, 1, 1, 2]),
    name: `测试${i}`,
    resident_id: rid,
    certificate_no: makeDisabilityCertificateNo({ residentId: rid, category, level }),
  };
  const skip = new Set(['region_code', 'survey_year', 'reference_date', 'person_status', 'collection_mode', 'name', 'resident_id', 'certificate_no', 'sex', 'birth_date', 'disability_category', 'disability_level', 'collector', 'collected_on', 'collection_channel', 'declared_on', 'remarks']);
  for (const item of form.items) {
    if (skip.has(item.key)) continue;
    const st = itemApplicability(rec, { asOf: REF, complete: true }).find((x) => x.key === item.key)!;
    if (st.status !== 'applicable') continue;
    if ((item.optional || !st.required) && rand() < 0.5) continue;
    // Try a few answers until the partial record has no problem at this item.
    for (let attempt = 0; attempt < 30; attempt++) {
      rec[item.key] = answer(item, i);
      const problems = validatePerson(rec, { partial: true }).problems.filter((p) => p.path[0] === item.key || p.rule?.startsWith('IMPL'));
      if (problems.length === 0) break;
      if (attempt === 29) delete rec[item.key];
    }
  }
  if (rec.person_status === 6 && rec.r7 !== 1) {
    rec.householder_name = rec.name;
    rec.householder_id = rid;
    rec.declarant_name = rec.name;
  }
  return rec;
}

const t0 = performance.now();
const records = Array.from({ length: N }, (_, i) => makeRecord(i));
const genMs = performance.now() - t0;
const valid = records.filter((r) => validatePerson(r).ok).length;
const answered = records.reduce((s, r) => s + Object.keys(r).length, 0) / N;
const schema = personRecordSchema('2017');
// The same records with one injected error each (an unknown code, a skipped item filled in, or a
// required answer removed), so the error path — building zh-CN messages — is measured too.
const broken = records.map((r, i) => {
  const b = { ...r };
  const answered = Object.keys(b).filter((k) => /^r\d+$/.test(k));
  const key = answered[i % answered.length] ?? 'r3';
  if (i % 3 === 0) b[key] = 99;
  else if (i % 3 === 1) delete b[key];
  else b[b.r3 === 1 ? 'r8' : 'r10'] = 1;
  return b;
});
const brokenShare = broken.filter((r) => !validatePerson(r).ok).length / N;

let k = 0;
const one = await compare(
  `validatePerson vs zod safeParse, one realistic 2017 record per op (${N} distinct records, ${answered.toFixed(0)} fields each on average)`,
  [
    { name: 'canji validatePerson (full: identity, skip logic, exclusives, implications)', canji: true, fn: () => validatePerson(records[k++ % N]!) },
    { name: 'zod personRecordSchema.safeParse (shape, codes, identity agreement; no skip logic)', fn: () => schema.safeParse(records[k++ % N]!) },
    { name: 'canji validatePerson on records with one injected error each', canji: true, fn: () => validatePerson(broken[k++ % N]!) },
    { name: 'canji validatePerson, partial record mode', canji: true, fn: () => validatePerson(records[k++ % N]!, { partial: true }) },
    ...(before
      ? ([
          { name: `validatePerson before: ${baseline!.label} (dist build)`, fn: () => before.validatePerson(records[k++ % N]!) },
          { name: `validatePerson before: ${baseline!.label}, records with one injected error each`, fn: () => before.validatePerson(broken[k++ % N]!) },
        ] satisfies BenchCase[])
      : []),
  ],
  {
    time: 2000,
    notes: [
      'Records are generated by walking the form with a seeded PRNG and `itemApplicability`, so they are valid by construction — the common case of a clean batch.',
      `Injected-error records: ${(brokenShare * 100).toFixed(0)} % fail validation as intended.`,
    ],
  },
);

// Straight loop: records per second on one core.
const loops = 5;
const rates: number[] = [];
const cpuRates: number[] = [];
for (let l = 0; l < loops; l++) {
  const s = performance.now();
  const c0 = process.cpuUsage();
  for (let r = 0; r < 10; r++) for (let j = 0; j < N; j++) validatePerson(records[j]!);
  const c = process.cpuUsage(c0);
  rates.push((10 * N) / ((performance.now() - s) / 1000));
  // CPU time of this process (all its threads, so GC threads count against us): records per
  // CPU-second is the per-core figure even when other processes take turns on the core.
  cpuRates.push((10 * N) / ((c.user + c.system) / 1e6));
}
rates.sort((a, b) => b - a);
cpuRates.sort((a, b) => b - a);
const best = rates[0]!;
const bestCpu = cpuRates[0]!;
const loop = table(
  'validatePerson throughput, straight loop over the same records (one core)',
  [
    { name: 'canji validatePerson, records per CPU-second (per core)', canji: true, nsPerOp: 1e9 / bestCpu, opsPerSec: bestCpu, samples: loops, rme: NaN },
    { name: 'canji validatePerson, records per wall-clock second (shared machine)', canji: true, nsPerOp: 1e9 / best, opsPerSec: best, samples: loops, rme: NaN },
  ],
  [
    `best of ${loops} runs of ${10 * N} validations; medians ${Math.round(cpuRates[Math.floor(loops / 2)]!).toLocaleString('en-US')} records per CPU-second, ${Math.round(rates[Math.floor(loops / 2)]!).toLocaleString('en-US')} per wall-clock second; goal ≥ 50,000 records/s/core`,
    `${valid} of ${N} generated records pass validatePerson; generation took ${(genMs / 1000).toFixed(1)} s`,
    `The machine is shared with other engineers running builds and tests (${cpus().length} cores, load average ${loadavg()[0]!.toFixed(1)} at the end of this run): wall-clock figures are pessimistic; records per CPU-second and the ratios are more stable.`,
  ],
);
report('form', [one, loop]);
