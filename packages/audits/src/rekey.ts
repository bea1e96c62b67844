/**
 * Re-keying comparison (双录入比对): two independent entries of the same paper forms compared cell
 * by cell — the usual check of data entry from paper (the practice of re-keying 10 % of the forms).
 * Forms are matched by a form number (表号) or by the resident ID, in any row order; a form in one
 * entry only is reported; every disagreeing cell is listed for adjudication (核对原始表), with the
 * keying error rate overall, per item and per keyer (Wilson 95 % intervals).
 */
import { personForm, type PersonFormVersion } from '@canji/form';
import { maskResidentId } from '@canji/id';
import { fail, type AuditIssue, type AuditResult } from './errors.js';
import { rateOf, type DiscrepancyRate } from './intervals.js';
import { isRecord, personKeyOf } from './units.js';
import { answerText } from './values.js';

/** What a form without a keyer is grouped under. */
export const NO_KEYER = '（未填录入员）';

/** Options of {@link compareRekeying}. */
export interface RekeyOptions {
  /** Form version of both entries (default `'2017'`): orders the items as on the form. */
  version?: PersonFormVersion;
  /**
   * Field of each record holding the paper form's number (表号、问卷编号): forms are matched on it.
   * Default: match by canonical resident ID (`personKeyOf`) — a mis-keyed ID then shows as a form
   * missing from each entry rather than as a disagreement, so a form number is the better key.
   */
  formKey?: string;
  /** Field of each record naming who keyed it (录入员); default `'keyer'`. */
  keyerKey?: string;
  /** Items compared (default: every field present in either entry but the form-number and keyer fields). */
  items?: readonly string[];
  /** Highest acceptable keying error rate, 0–1 (default 0.005; canji's default, not an official figure). */
  threshold?: number;
}

/** One cell the two entries disagree on. */
export interface RekeyDisagreement {
  /** The form (its number, or the canonical resident ID). */
  readonly form: string;
  readonly item: string;
  /** Canonical text of each entry's cell (`undefined` = blank). */
  readonly a: string | undefined;
  readonly b: string | undefined;
  /** Index of the record in each entry. */
  readonly indexA: number;
  readonly indexB: number;
  readonly keyerA: string;
  readonly keyerB: string;
}

/** Keying error rate of one keyer: the cells of the forms they keyed, and those disagreeing with the other entry. */
export interface KeyerRate extends DiscrepancyRate {
  readonly keyer: string;
  /** Matched forms this keyer keyed (in either entry). */
  readonly forms: number;
  /** Rate above the threshold. */
  readonly over: boolean;
}

/** Keying error rate of one item. */
export interface RekeyItemRate extends DiscrepancyRate {
  readonly item: string;
}

/** A form in one entry only. */
export interface UnmatchedForm {
  readonly form: string;
  readonly index: number;
  readonly entry: 'a' | 'b';
}

/** What {@link compareRekeying} returns. */
export interface RekeyReport {
  readonly threshold: number;
  /** All matched forms: cells compared, cells disagreeing. */
  readonly overall: DiscrepancyRate;
  /** The overall rate is above the threshold. */
  readonly over: boolean;
  readonly keyers: readonly KeyerRate[];
  readonly items: readonly RekeyItemRate[];
  /** In form order (as the form key sorts), then item order. */
  readonly disagreements: readonly RekeyDisagreement[];
  readonly unmatched: readonly UnmatchedForm[];
  readonly matched: number;
  readonly issues: readonly AuditIssue[];
}

interface Entry {
  index: number;
  record: Record<string, unknown>;
  keyer: string;
}

function keyerOf(r: Record<string, unknown>, field: string): string {
  const v = r[field];
  const s = typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '';
  return s === '' ? NO_KEYER : s;
}

function indexEntry(records: Iterable<unknown>, name: 'A' | 'B', o: { formKey: string | undefined; keyerKey: string }, issues: AuditIssue[]): Map<string, Entry> {
  const out = new Map<string, Entry>();
  let i = 0;
  for (const r of records) {
    const n = i++;
    if (!isRecord(r)) {
      issues.push({ code: 'AUDIT_RECORD_NOT_OBJECT', message: `录入 ${name} 第 ${n + 1} 条记录不是对象，未比对`, index: n });
      continue;
    }
    const key = o.formKey === undefined ? personKeyOf(r) : answerText(r[o.formKey]);
    if (key === undefined) {
      issues.push({ code: 'AUDIT_NO_KEY', message: `录入 ${name} 第 ${n + 1} 条记录没有${o.formKey === undefined ? '可用的公民身份号码' : '表号'}，未比对`, index: n });
      continue;
    }
    if (out.has(key)) {
      issues.push({ code: 'AUDIT_DUPLICATE_KEY', message: `录入 ${name} 第 ${n + 1} 条记录与前面的记录${o.formKey === undefined ? '身份证号' : '表号'}相同，以前一条为准`, index: n });
      continue;
    }
    out.set(key, { index: n, record: r, keyer: keyerOf(r, o.keyerKey) });
  }
  return out;
}

function itemsOf(a: Map<string, Entry>, b: Map<string, Entry>, version: PersonFormVersion, skip: ReadonlySet<string>): string[] {
  const seen = new Set<string>();
  for (const m of [a, b]) for (const e of m.values()) for (const k of Object.keys(e.record)) if (!skip.has(k)) seen.add(k);
  const order = personForm(version).items.map((i) => i.key);
  const onForm = order.filter((k) => seen.has(k));
  const rest = [...seen].filter((k) => !order.includes(k)).sort();
  return [...onForm, ...rest];
}

const byText = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);

/**
 * Compares two independent entries of the same paper forms cell by cell. Cells are compared as
 * read (after canji's normalisation on read, which the caller has applied) and then as answers: a
 * number and the same number as text agree, a multiple choice is a set, blank agrees with blank
 * only. A disagreement means at least one keyer erred, so a keyer's rate counts the disagreeing
 * cells of every form they keyed: an upper bound on their own errors until the forms are
 * adjudicated. The result is symmetric: swapping the entries swaps `a` and `b` and nothing else.
 *
 * @summary Compare two entries of the same paper forms
 * @example
 * ```ts
 * import { compareRekeying } from '@canji/audits';
 * const a = [{ form_no: '1', keyer: '张', r3: 1, r4: 2 }];
 * const b = [{ form_no: '1', keyer: '李', r3: 1, r4: 3 }];
 * const r = compareRekeying(a, b, { formKey: 'form_no' });
 * if (r.ok) r.value.disagreements; //=> [{ form: '1', item: 'r4', a: '2', b: '3', … }]
 * if (r.ok) r.value.overall.rate; //=> 0.5
 * ```
 */
export function compareRekeying(entryA: Iterable<unknown>, entryB: Iterable<unknown>, options: RekeyOptions = {}): AuditResult<RekeyReport> {
  const threshold = options.threshold ?? 0.005;
  if (!(typeof threshold === 'number' && threshold >= 0 && threshold <= 1)) return fail('AUDIT_OPTIONS_INVALID', `录入差错率阈值应在 0 至 1 之间（收到 ${String(options.threshold)}）`);
  const keyerKey = options.keyerKey ?? 'keyer';
  const formKey = options.formKey;
  if (formKey !== undefined && (typeof formKey !== 'string' || formKey === '')) return fail('AUDIT_OPTIONS_INVALID', '表号字段应为非空文本');
  const version = options.version ?? '2017';
  const issues: AuditIssue[] = [];
  const a = indexEntry(entryA, 'A', { formKey, keyerKey }, issues);
  const b = indexEntry(entryB, 'B', { formKey, keyerKey }, issues);
  const skip = new Set([keyerKey, ...(formKey ? [formKey] : [])]);
  const items = options.items ? options.items.filter((k) => !skip.has(k)) : itemsOf(a, b, version, skip);
  const forms = [...new Set([...a.keys(), ...b.keys()])].sort(byText);

  const perItem = new Map(items.map((k) => [k, { compared: 0, discrepant: 0 }]));
  const perKeyer = new Map<string, { compared: number; discrepant: number; forms: number }>();
  const disagreements: RekeyDisagreement[] = [];
  const unmatched: UnmatchedForm[] = [];
  let compared = 0;
  let matched = 0;
  for (const form of forms) {
    const x = a.get(form);
    const y = b.get(form);
    if (!x || !y) {
      const only = (x ?? y)!;
      const entry = x ? 'a' : 'b';
      unmatched.push({ form, index: only.index, entry });
      issues.push({ code: 'AUDIT_FORM_UNMATCHED', message: `录入 ${x ? 'A' : 'B'} 第 ${only.index + 1} 条记录（${formKey === undefined ? `身份证号 ${maskResidentId(form)}` : `表 ${form}`}）在录入 ${x ? 'B' : 'A'} 中没有，未比对`, index: only.index });
      continue;
    }
    matched++;
    let d = 0;
    for (const item of items) {
      const va = answerText(x.record[item]);
      const vb = answerText(y.record[item]);
      const cell = perItem.get(item)!;
      cell.compared++;
      if (va === vb) continue;
      cell.discrepant++;
      d++;
      disagreements.push({ form, item, a: va, b: vb, indexA: x.index, indexB: y.index, keyerA: x.keyer, keyerB: y.keyer });
    }
    compared += items.length;
    for (const k of new Set([x.keyer, y.keyer])) {
      const t = perKeyer.get(k) ?? perKeyer.set(k, { compared: 0, discrepant: 0, forms: 0 }).get(k)!;
      t.compared += items.length;
      t.discrepant += d;
      t.forms++;
    }
  }
  const overall = rateOf(disagreements.length, compared);
  const over = (r: DiscrepancyRate) => r.rate !== null && r.rate > threshold;
  const keyers = [...perKeyer.keys()].sort(byText).map((k) => {
    const t = perKeyer.get(k)!;
    const r = rateOf(t.discrepant, t.compared);
    return { keyer: k, forms: t.forms, ...r, over: over(r) };
  });
  return {
    ok: true,
    value: {
      threshold,
      overall,
      over: over(overall),
      keyers,
      items: items.map((k) => ({ item: k, ...rateOf(perItem.get(k)!.discrepant, perItem.get(k)!.compared) })),
      disagreements,
      unmatched,
      matched,
      issues,
    },
  };
}
