/**
 * Which items of two rounds are compared, grouped by the form's sections, and the per-section
 * digests that let a reconciler compare two records without keeping them.
 *
 * Items are compared only where `@canji/form`'s correspondence says the question is the `same`
 * (`itemCorrespondence`, `itemIn2017`, `itemFrom2017`: the 2017 form is the pivot), so a 2017 round
 * and a 2021 round are compared on their common items only. The cover section (region, year,
 * reference date, 核查状态, collection mode and channel, collector, collection date) describes the
 * round, not the person, and is not compared; neither are the closing `declared_on` (填表日期) and
 * `remarks` (调查备注), which are written anew every round.
 */
import { canonicalResidentId } from '@canji/id';
import { itemCorrespondence, itemIn2017, itemFrom2017, personForm, type PersonFormVersion } from '@canji/form';
import { canonicalCertificateNo } from './keys.js';

/** One compared item: its key in each round and the section (of this round's form) it belongs to. */
export interface ComparedItem {
  readonly section: string;
  readonly previousKey: string;
  readonly currentKey: string;
}

/** A section of this round's form with the items compared in it. */
export interface ComparedSection {
  /** Section id of the form (`identity`, `education`, `social` …). */
  readonly id: string;
  /** zh-CN label of the section in this round's form. */
  readonly label: string;
  /** Keys of the compared items in this round's form. */
  readonly items: readonly string[];
}

/** Closing items written anew every round (see the module comment). */
const ROUND_SPECIFIC = new Set(['declared_on', 'remarks']);

function sameIn(version: PersonFormVersion): Map<string, string> {
  const m = new Map<string, string>();
  for (const c of itemCorrespondence(version)) if (c.relation === 'same' && c.key2017 !== null) m.set(c.key, c.key2017);
  return m;
}

/**
 * The items compared between a round on form `previous` and a round on form `current`, by section of
 * the current form (the form's own `sections`, cover left out), in form order: only items whose
 * question is the `same` in both versions (`itemCorrespondence` of @canji/form).
 *
 * @example
 * ```ts
 * import { comparedSections } from '@canji/rounds';
 * comparedSections('2017', '2021').find((s) => s.id === 'education')?.items; //=> ['r8']
 * comparedSections('2017', '2017').find((s) => s.id === 'education')?.items; //=> ['r12', 'r13', 'r14', 'r15']
 * ```
 */
export function comparedSections(previous: PersonFormVersion, current: PersonFormVersion): ComparedSection[] {
  const form = personForm(current);
  const curSame = sameIn(current);
  const prevSame = sameIn(previous);
  const out: ComparedSection[] = [];
  for (const section of form.sections) {
    if (section.id === 'cover') continue;
    const items: string[] = [];
    for (const item of form.items) {
      if (item.section !== section.id || ROUND_SPECIFIC.has(item.key)) continue;
      const k2017 = curSame.get(item.key);
      if (k2017 === undefined || itemIn2017(item.key, current) !== k2017) continue;
      const prevKey = itemFrom2017(k2017, previous);
      if (prevKey === null || prevSame.get(prevKey) !== k2017) continue;
      items.push(item.key);
    }
    if (items.length > 0) out.push({ id: section.id, label: section.label, items });
  }
  return out;
}

/** Per section, the key pairs to read. @internal */
export function comparedItems(previous: PersonFormVersion, current: PersonFormVersion): ComparedItem[][] {
  return comparedSections(previous, current).map((s) =>
    s.items.map((currentKey) => ({ section: s.id, currentKey, previousKey: itemFrom2017(itemIn2017(currentKey, current)!, previous)! })),
  );
}

/** The value of an item as compared: absent, numbers and strings as text, arrays joined. */
function canonicalValue(key: string, v: unknown): string {
  if (v === undefined || v === null || v === '') return '\u0000';
  if (key === 'resident_id' && typeof v === 'string') return canonicalResidentId(v) ?? v.trim();
  if (key === 'certificate_no') return canonicalCertificateNo(v) ?? String(v).trim();
  if (typeof v === 'string') return v.trim() === '' ? '\u0000' : v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.length === 0 ? '\u0000' : v.map(String).join(',');
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return '\u0001';
  }
}

/** Identity items derived from the certificate number (blocks.ts `derivedFrom`): read from it when the record leaves them out. */
const DERIVED = new Set(['sex', 'birth_date', 'disability_category', 'disability_level']);

function derived(key: string, certificateNo: unknown): unknown {
  const c = canonicalCertificateNo(certificateNo);
  if (c === undefined) return undefined;
  switch (key) {
    case 'sex':
      return Number(c[16]) % 2 === 1 ? 'male' : 'female';
    case 'birth_date':
      return `${c.slice(6, 10)}-${c.slice(10, 12)}-${c.slice(12, 14)}`;
    case 'disability_category':
      return Number(c[18]);
    default:
      return Number(c[19]);
  }
}

/**
 * A 53-bit digest of a record's values of `items` (read with `side`'s keys): two FNV-1a passes
 * with different offsets, so that two different answers collide with probability about 2^-53.
 * @internal
 */
export function sectionDigest(record: Readonly<Record<string, unknown>>, items: readonly ComparedItem[], side: 'previousKey' | 'currentKey'): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ 0x5bd1e995;
  for (const item of items) {
    let v = record[item[side]];
    if ((v === undefined || v === null || v === '') && DERIVED.has(item.currentKey)) v = derived(item.currentKey, record.certificate_no);
    const s = canonicalValue(item.currentKey, v);
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x01000193) ^ (h2 >>> 15);
    }
    // Item separator, so that ('1', '23') and ('12', '3') differ.
    h1 = Math.imul(h1 ^ 0x1f, 0x01000193);
    h2 = Math.imul(h2 ^ 0x1f, 0x01000193) ^ (h2 >>> 15);
  }
  return (h1 >>> 0) * 2097152 + ((h2 >>> 0) >>> 11);
}
