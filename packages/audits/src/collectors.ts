/**
 * Per-collector figures from the batch itself (采集员工作量与质量): records per day, share of home
 * visits, item non-response, identical-answer runs, interview dates outside the survey period and,
 * given a check's findings, error and warning rates — each collector compared with the rest of their
 * county, outliers flagged (the rules and why: see `stats.ts`).
 */
import { COLLECTION_MODE_HOME_VISIT, PERSON_STATUS_NORMAL, requiredItemCounts, type PersonFormVersion } from '@canji/form';
import { fail, type AuditResult } from './errors.js';
import { itemClasses } from './item-classes.js';
import { binomialLowerTail, binomialUpperTail, modifiedZ } from './stats.js';
import { isRecord, unitOf } from './units.js';
import { answerText } from './values.js';

/** Options of {@link collectorFigures}. */
export interface CollectorFiguresOptions {
  /** Form version of the records (default `'2017'`). */
  version?: PersonFormVersion;
  /** The survey period, inclusive (`YYYY-MM-DD`): interviews dated outside it are counted. */
  period?: { from: string; to: string };
  /** Items compared for identical answers (default: every compared item outside the identity section). */
  items?: readonly string[];
  /** A run of identical answers counts from this many records in a row (default 3). */
  minRun?: number;
  /** A check's findings: which records (index in `records`) had an error or a warning. */
  findings?: Iterable<{ index: number; severity: 'error' | 'warning' | 'info' }>;
  /** Family-wise level of the rate tests within a county (default 0.05, Bonferroni over its collectors). */
  alpha?: number;
  /** Smallest difference from the county's rate that is flagged (default 0.05). */
  minDifference?: number;
  /** Modified z-score beyond which records per day is flagged (default 3.5). */
  zLimit?: number;
}

/** The figures a collector is compared on. */
export const COLLECTOR_FIGURES = ['homeVisits', 'nonResponse', 'identical', 'outsidePeriod', 'errors', 'warnings', 'perDay'] as const;
export type CollectorFigure = (typeof COLLECTOR_FIGURES)[number];

/** zh-CN labels of {@link COLLECTOR_FIGURES}. */
export const COLLECTOR_FIGURE_LABELS: Readonly<Record<CollectorFigure, string>> = {
  homeVisits: '入户调查比例',
  nonResponse: '项目漏填率',
  identical: '与上一条记录答案完全相同的比例',
  outsidePeriod: '调查日期在调查期之外的比例',
  errors: '有错误的记录比例',
  warnings: '有警告的记录比例',
  perDay: '每个工作日采集记录数',
};

/** A count out of a total, with the rate. */
export interface FigureCount {
  readonly count: number;
  readonly of: number;
  readonly rate: number | null;
}

/** One flagged figure of a collector. */
export interface CollectorFlag {
  readonly figure: CollectorFigure;
  readonly direction: 'high' | 'low';
  readonly value: number;
  /** The rest of the county's rate (or, for `perDay`, the county's median). */
  readonly county: number;
  /** One-sided exact binomial p-value (rates), or the modified z-score (`perDay`). */
  readonly p?: number;
  readonly z?: number;
  readonly message: string;
}

/** A run of identical answers: the indexes of the records, in order. */
export interface IdenticalRun {
  readonly indexes: readonly number[];
}

/** A collector's figures. */
export interface CollectorFigures {
  readonly collector: string;
  /** The county most of the collector's records are in. */
  readonly county: string;
  readonly records: number;
  /** Distinct interview dates (collected_on), records per such day, most in one day. */
  readonly days: number;
  readonly perDay: number | null;
  readonly maxPerDay: number;
  readonly homeVisits: FigureCount;
  /** Required applicable items left blank, of required applicable items (records with 核查状态 6). */
  readonly nonResponse: FigureCount;
  /** Records identical to the previous one of the collector (by date, then order), of records after the first. */
  readonly identical: FigureCount;
  readonly longestRun: number;
  readonly runs: readonly IdenticalRun[];
  readonly outsidePeriod: FigureCount;
  readonly errors?: FigureCount;
  readonly warnings?: FigureCount;
  readonly flags: readonly CollectorFlag[];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const count = (c: number, of: number): FigureCount => ({ count: c, of, rate: of > 0 ? c / of : null });

/**
 * What the figures need of one record, read once as it comes (the record itself is not kept, so a
 * province's batch costs tens of bytes a record): its position, interview date and county, whether
 * the collection mode was answered and was a home visit, the required items it leaves blank, and a
 * 53-bit hash of its answers (equal answers, equal hash — two records with different answers share a
 * hash with probability 2^-53, for the only pairs compared: neighbours in date order).
 */
interface Row {
  index: number;
  date: string;
  county: string;
  /** 0 mode not answered, 1 answered (not a home visit), 2 home visit. */
  mode: 0 | 1 | 2;
  required: number;
  blank: number;
  /** Hash of the answers to the compared items; NaN when none is answered (never equal). */
  sig: number;
}

// The hash's state while one record's answers are fed (synchronous, never re-entered).
let h1 = 0;
let h2 = 0;

function feedChar(ch: number): void {
  h1 = Math.imul(h1 ^ ch, 2654435761);
  h2 = Math.imul(h2 ^ ch, 1597334677);
}

function feedText(text: string): void {
  for (let i = 0; i < text.length; i++) feedChar(text.charCodeAt(i));
}

/** An integer whose digits {@link feedInteger} computes exactly (codes, years, counts). */
function isSmallInteger(v: number): boolean {
  return Number.isInteger(v) && v > -1e9 && v < 1e9;
}

/** Feeds the decimal digits of a small integer (its `String`), without making the string. */
function feedInteger(v: number): void {
  let x = v;
  if (x < 0) {
    feedChar(45);
    x = -x;
  }
  let p = 1;
  while (p * 10 <= x) p *= 10;
  for (; p >= 1; p /= 10) feedChar(48 + (Math.floor(x / p) % 10));
}

/**
 * Feeds `answerText(v)` and says whether it was an answer. Integers, plain text (nothing to trim,
 * not number-like) and choices of distinct integers in ascending order are fed as their canonical
 * text without making it; anything else goes through `answerText`.
 */
function feedAnswer(v: unknown): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === 'number' && isSmallInteger(v)) {
    feedInteger(v);
    return true;
  }
  if (typeof v === 'string' && isPlainText(v)) {
    feedText(v);
    return true;
  }
  if (Array.isArray(v) && v.length > 0 && ascendingIntegers(v)) {
    feedChar(91);
    for (let i = 0; i < v.length; i++) {
      if (i > 0) feedChar(44);
      feedInteger(v[i] as number);
    }
    feedChar(93);
    return true;
  }
  const text = answerText(v);
  if (text === undefined || text === '') return false;
  feedText(text);
  return true;
}

function ascendingIntegers(v: readonly unknown[]): boolean {
  let last = -Infinity;
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (typeof x !== 'number' || !isSmallInteger(x) || x <= last || Object.is(x, -0)) return false;
    last = x;
  }
  return true;
}

/**
 * cyrb53 (a fast 53-bit string hash; public domain, bryc) of the answers to `items` as
 * `answerText` writes them, joined by U+0001 — fed a part at a time, without building the joined
 * text; NaN when every part is blank.
 */
function answersHash(r: Record<string, unknown>, items: readonly string[]): number {
  h1 = 0xdeadbeef;
  h2 = 0x41c6ce57;
  let any = false;
  for (let k = 0; k < items.length; k++) {
    if (k > 0) feedChar(1);
    if (feedAnswer(r[items[k]!])) any = true;
  }
  if (!any) return Number.NaN;
  const a = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  const b = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(a ^ (a >>> 13), 3266489909);
  return 4294967296 * (2097151 & b) + (a >>> 0);
}

/** What `String.prototype.trim` removes (white space and line terminators), and control characters. */
function isSpaceOrControl(c: number): boolean {
  return c <= 0x20 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/**
 * A non-empty string that `answerText` returns unchanged: nothing to trim, and not number-like
 * (`-?digits(.digits)?`, which it rewrites as a number: `01` → `1`).
 */
function isPlainText(v: string): boolean {
  const n = v.length;
  if (n === 0 || isSpaceOrControl(v.charCodeAt(0)) || isSpaceOrControl(v.charCodeAt(n - 1))) return false;
  for (let i = 0; i < n; i++) {
    const c = v.charCodeAt(i);
    // Any character other than a digit, '.' or '-' makes it text.
    if ((c < 48 || c > 57) && c !== 46 && c !== 45) return true;
  }
  return false;
}

const SKIP_COVER = ['cover'];

function rowOf(index: number, r: Record<string, unknown>, items: readonly string[], version: NonNullable<CollectorFiguresOptions['version']>, intern: (s: string) => string): Row {
  // Required applicable items outside the cover, and how many are blank (records with 核查状态 6).
  const { required, blank } = Number(r.person_status) === PERSON_STATUS_NORMAL ? requiredItemCounts(r, { version, skipSections: SKIP_COVER }) : { required: 0, blank: 0 };
  const mode = answerText(r.collection_mode) === undefined ? 0 : Number(r.collection_mode) === COLLECTION_MODE_HOME_VISIT ? 2 : 1;
  return { index, date: intern(dateOf(r.collected_on)), county: intern(unitOf(r, 'county')), mode, required, blank, sig: answersHash(r, items) };
}

function dateOf(v: unknown): string {
  if (typeof v === 'string') return v.trim().slice(0, 10);
  if (v instanceof Date && !Number.isNaN(v.getTime())) return v.toISOString().slice(0, 10);
  return '';
}

function figuresOf(collector: string, rows: Row[], o: CollectorFiguresOptions, found: Map<number, Set<string>> | undefined): Omit<CollectorFigures, 'flags'> {
  const counties = new Map<string, number>();
  const byDay = new Map<string, number>();
  let home = 0;
  let modes = 0;
  let blank = 0;
  let required = 0;
  let outside = 0;
  for (const r of rows) {
    counties.set(r.county, (counties.get(r.county) ?? 0) + 1);
    if (DATE.test(r.date)) byDay.set(r.date, (byDay.get(r.date) ?? 0) + 1);
    if (r.mode !== 0) {
      modes++;
      if (r.mode === 2) home++;
    }
    required += r.required;
    blank += r.blank;
    if (o.period && (!DATE.test(r.date) || r.date < o.period.from || r.date > o.period.to)) outside++;
  }
  const sorted = [...rows].sort((a, b) => (a.date === b.date ? a.index - b.index : a.date < b.date ? -1 : 1));
  const sig = sorted.map((r) => r.sig);
  const runs: IdenticalRun[] = [];
  let identical = 0;
  let longest = sorted.length > 0 ? 1 : 0;
  let start = 0;
  for (let i = 1; i <= sorted.length; i++) {
    const same = i < sorted.length && sig[i] === sig[i - 1];
    if (same) {
      identical++;
      continue;
    }
    const len = i - start;
    longest = Math.max(longest, len);
    if (len >= (o.minRun ?? 3)) runs.push({ indexes: sorted.slice(start, i).map((r) => r.index) });
    start = i;
  }
  const county = [...counties].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? '';
  const days = byDay.size;
  const withFindings = (sev: string) => count(rows.filter((r) => found?.get(r.index)?.has(sev)).length, rows.length);
  return {
    collector,
    county,
    records: rows.length,
    days,
    perDay: days > 0 ? [...byDay.values()].reduce((s, x) => s + x, 0) / days : null,
    maxPerDay: Math.max(0, ...byDay.values()),
    homeVisits: count(home, modes),
    nonResponse: count(blank, required),
    identical: count(identical, Math.max(0, rows.length - 1)),
    longestRun: longest,
    runs,
    outsidePeriod: count(outside, o.period ? rows.length : 0),
    ...(found ? { errors: withFindings('error'), warnings: withFindings('warning') } : {}),
  };
}

type RateFigure = Exclude<CollectorFigure, 'perDay'>;
const DIRECTION: Record<RateFigure, 'high' | 'low'> = { homeVisits: 'low', nonResponse: 'high', identical: 'high', outsidePeriod: 'high', errors: 'high', warnings: 'high' };

function flagCounty(group: Omit<CollectorFigures, 'flags'>[], o: CollectorFiguresOptions): Map<string, CollectorFlag[]> {
  const alpha = (o.alpha ?? 0.05) / Math.max(1, group.length);
  const minDiff = o.minDifference ?? 0.05;
  const flags = new Map<string, CollectorFlag[]>(group.map((g) => [g.collector, []]));
  for (const figure of Object.keys(DIRECTION) as RateFigure[]) {
    const totals = group.reduce((s, g) => ({ c: s.c + (g[figure]?.count ?? 0), n: s.n + (g[figure]?.of ?? 0) }), { c: 0, n: 0 });
    for (const g of group) {
      const f = g[figure];
      if (!f || f.of === 0) continue;
      const restN = totals.n - f.of;
      if (restN === 0) continue;
      const p0 = (totals.c - f.count) / restN;
      const rate = f.count / f.of;
      const dir = DIRECTION[figure];
      const gap = dir === 'high' ? rate - p0 : p0 - rate;
      // The exact test only where the difference is large enough to be flagged at all.
      if (gap < minDiff) continue;
      const p = dir === 'high' ? binomialUpperTail(f.count, f.of, p0) : binomialLowerTail(f.count, f.of, p0);
      if (p < alpha) {
        flags.get(g.collector)!.push({ figure, direction: dir, value: rate, county: p0, p, message: `${COLLECTOR_FIGURE_LABELS[figure]} ${pct(rate)}，本县其他采集员 ${pct(p0)}（${dir === 'high' ? '偏高' : '偏低'}，p = ${p.toExponential(1)}）` });
      }
    }
  }
  const withDays = group.filter((g) => g.perDay !== null);
  const z = modifiedZ(withDays.map((g) => g.perDay!));
  const med = withDays.length ? [...withDays.map((g) => g.perDay!)].sort((a, b) => a - b)[withDays.length >> 1]! : 0;
  withDays.forEach((g, i) => {
    const zi = z[i];
    if (zi !== undefined && Math.abs(zi) > (o.zLimit ?? 3.5)) {
      flags.get(g.collector)!.push({ figure: 'perDay', direction: zi > 0 ? 'high' : 'low', value: g.perDay!, county: med, z: zi, message: `每个工作日采集 ${g.perDay!.toFixed(1)} 条，本县中位数约 ${med.toFixed(1)} 条（${zi > 0 ? '偏多' : '偏少'}，修正 z = ${zi.toFixed(1)}）` });
    }
  });
  return flags;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/**
 * Figures of every collector of a batch (by the cover item `collector`), with outliers flagged
 * against the other collectors of the same county (exact binomial tests for rates, a robust
 * median/MAD rule for records per day; see the `stats.ts` module comment). Records that are not
 * objects are skipped.
 *
 * @summary Per-collector figures with outliers flagged
 * @example
 * ```ts
 * import { collectorFigures } from '@canji/audits';
 * const r = collectorFigures(records, { period: { from: '2019-07-01', to: '2019-08-31' } });
 * if (r.ok) for (const c of r.value.filter((c) => c.flags.length)) console.log(c.collector, c.flags[0]!.message);
 * //=> 王芳 与上一条记录答案完全相同的比例 31.0%，本县其他采集员 0.1%（偏高，p = 2.3e-40）
 * ```
 */
export function collectorFigures(records: Iterable<unknown>, options: CollectorFiguresOptions = {}): AuditResult<CollectorFigures[]> {
  const figures = createCollectorFigures(options);
  for (const r of records) figures.add(r);
  return figures.result();
}

/** The figures of {@link collectorFigures} built a record at a time (see {@link createCollectorFigures}). */
export interface CollectorFiguresBuilder {
  /** The next record of the batch, in file order (its position is its index among the records added). */
  add(record: unknown): void;
  /** The figures of every collector added so far, flagged; or the options' error. */
  result(): AuditResult<CollectorFigures[]>;
}

/**
 * {@link collectorFigures} as records come, without keeping them: each record is reduced, as it is
 * added, to what the figures need (its date, county, mode, blank required items and a hash of its
 * answers — tens of bytes), so the figures of a province's batch fit in a few hundred megabytes.
 * The result is the same as `collectorFigures` over the same records.
 *
 * @example
 * ```ts
 * const figures = createCollectorFigures({ version: '2017' });
 * await reader.forEach((item) => 'record' in item && figures.add(item.record));
 * const r = figures.result();
 * ```
 */
export function createCollectorFigures(options: CollectorFiguresOptions = {}): CollectorFiguresBuilder {
  const version = options.version ?? '2017';
  const known = new Set(itemClasses(version).map((i) => i.key));
  const items = options.items ? options.items.filter((k) => known.has(k)) : itemClasses(version).filter((i) => i.section !== 'identity').map((i) => i.key);
  const byCollector = new Map<string, Row[]>();
  // Dates and counties repeat across a batch: one string each.
  const strings = new Map<string, string>();
  const intern = (x: string) => strings.get(x) ?? (strings.set(x, x), x);
  let i = 0;
  return {
    add(r) {
      if (isRecord(r)) {
        const c = unitOf(r, 'collector');
        const row = rowOf(i, r, items, version, intern);
        (byCollector.get(c) ?? byCollector.set(c, []).get(c)!).push(row);
      }
      i++;
    },
    result() {
      if (options.period && !(DATE.test(options.period.from) && DATE.test(options.period.to) && options.period.from <= options.period.to)) {
        return fail('AUDIT_OPTIONS_INVALID', `调查期应为 YYYY-MM-DD 格式的起止日期，起不晚于止（收到 ${options.period.from} 至 ${options.period.to}）`);
      }
      const bad = (v: number | undefined, ok: (v: number) => boolean) => v !== undefined && !(typeof v === 'number' && ok(v));
      if (bad(options.alpha, (v) => v > 0 && v < 1) || bad(options.minDifference, (v) => v >= 0 && v <= 1) || bad(options.zLimit, (v) => v > 0) || bad(options.minRun, (v) => Number.isInteger(v) && v >= 2)) {
        return fail('AUDIT_OPTIONS_INVALID', `选项超出范围：alpha 应在 (0, 1)，minDifference 在 [0, 1]，zLimit 大于 0，minRun 为不小于 2 的整数`);
      }
      let found: Map<number, Set<string>> | undefined;
      if (options.findings) {
        found = new Map();
        for (const f of options.findings) (found.get(f.index) ?? found.set(f.index, new Set()).get(f.index)!).add(f.severity);
      }
      const figures = [...byCollector.keys()].sort().map((c) => figuresOf(c, byCollector.get(c)!, options, found));
      const flags = new Map<string, CollectorFlag[]>();
      for (const county of new Set(figures.map((f) => f.county))) for (const [c, fl] of flagCounty(figures.filter((f) => f.county === county), options)) flags.set(c, fl);
      return { ok: true, value: figures.map((f) => ({ ...f, flags: flags.get(f.collector) ?? [] })) };
    },
  };
}
