/**
 * Synthetic truth for the audits' tests: a population from @canji/synth, its "collected version"
 * with per-collector error rates planted (one careless collector, one who copies the previous
 * record's answers), and a perfect re-visit of a sample (the truth, re-asked items only).
 */
import { personForm } from '@canji/form';
import { synthesizePersons } from '@canji/synth';
import { defaultRevisitItems, itemClasses } from '../src/index.js';

export type Rec = Record<string, unknown>;

export const COLLECTORS = ['赵一', '钱二', '孙三', '李四', '周五', '吴六', '郑七', '王八', '冯九', '陈十'];
export const CARELESS = '孙三';
export const COPIER = '王八';
export const BASE_RATE = 0.01;
export const CARELESS_RATE = 0.15;
export const COPY_SHARE = 0.4;

/** A tiny LCG for the planting (independent of the package's generator). */
function lcg(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** The population, collectors assigned by village (each collector works a set of villages). */
export function population(count = 3000, seed = 11): Rec[] {
  const ps = [...synthesizePersons({ seed, count, region: '430121' })] as Rec[];
  const villages = [...new Set(ps.map((p) => String(p.region_code)))].sort();
  const collectorOf = new Map(villages.map((v, i) => [v, COLLECTORS[i % COLLECTORS.length]!]));
  return ps.map((p) => ({ ...p, collector: collectorOf.get(String(p.region_code)) }));
}

const form = personForm('2017');
const itemDef = new Map(form.items.map((i) => [i.key, i]));

/** A different answer than `v` for `key` (what an error writes down). */
function wrong(key: string, v: unknown, rnd: () => number): unknown {
  const def = itemDef.get(key)!;
  if (key === 'sex') return v === 'male' ? 'female' : 'male';
  if (def.type === 'date') return typeof v === 'string' ? `${v.slice(0, 8)}${v.slice(8, 10) === '15' ? '16' : '15'}` : v;
  const list = (def as { codeList?: string }).codeList;
  const codes = list ? (form.codeLists as unknown as Record<string, { entries: { code: number }[] }>)[list]!.entries.map((e) => e.code) : [1, 2];
  if (def.type === 'multiple') {
    const cur = new Set(Array.isArray(v) ? v : []);
    const other = codes.filter((c) => !cur.has(c));
    return other.length ? [other[Math.floor(rnd() * other.length)]] : [codes[0]];
  }
  const other = codes.filter((c) => c !== v);
  return other[Math.floor(rnd() * other.length)];
}

export const REASKED = defaultRevisitItems('2017');
const COPIED = itemClasses('2017')
  .filter((i) => i.section !== 'identity')
  .map((i) => i.key);

/**
 * The collected version: each collector writes a wrong answer to a re-asked item with their rate
 * (`CARELESS_RATE` for the careless one, `BASE_RATE` for the others); the copier, for a share of
 * records, copies every non-identity answer (and the date) of their previous record.
 */
export function collect(truth: readonly Rec[], seed = 5): Rec[] {
  const rnd = lcg(seed);
  const out: Rec[] = [];
  const lastOf = new Map<string, Rec>();
  for (const t of truth) {
    const c = String(t.collector);
    const r: Rec = { ...t };
    const prev = lastOf.get(c);
    if (c === COPIER && prev && rnd() < COPY_SHARE) {
      for (const k of COPIED) {
        if (prev[k] === undefined) delete r[k];
        else r[k] = prev[k];
      }
      r.collected_on = prev.collected_on;
    } else {
      const rate = c === CARELESS ? CARELESS_RATE : BASE_RATE;
      for (const k of REASKED) if (t[k] !== undefined && rnd() < rate) r[k] = wrong(k, t[k], rnd);
    }
    lastOf.set(c, r);
    out.push(r);
  }
  return out;
}

/** A perfect re-visit: the truth of the sampled persons, re-asked items and identity only. */
export function revisit(truth: readonly Rec[], indexes: Iterable<number>): Rec[] {
  return [...indexes].map((i) => {
    const t = truth[i]!;
    const r: Rec = { resident_id: t.resident_id, name: t.name };
    for (const k of REASKED) if (t[k] !== undefined) r[k] = t[k];
    return r;
  });
}
