/**
 * Re-identification risk of a data set under the prosecutor model (GB/T 42460-2023 risk
 * assessment; El Emam & Dankar 2008): the attacker knows the target is in the data and knows the
 * target's quasi-identifiers, so a record in an equivalence class of size f is re-identified with
 * probability 1/f.
 */

/**
 * Options of {@link measureKAnonymity}.
 *
 * @example
 * measureKAnonymity(records, ['region_code', 'sex'], { sensitive: 'disability_category', threshold: 10 });
 */
export interface KAnonymityOptions {
  /** Sensitive attribute for distinct ℓ-diversity (e.g. `'disability_category'`). */
  readonly sensitive?: string;
  /** Classes smaller than this are "at risk" (default 5, i.e. a risk above 0.2). */
  readonly threshold?: number;
}

/**
 * How many classes (and records) have a given size.
 *
 * @example
 * report.classSizes[0] //=> { size: 1, classes: 12, records: 12 }
 */
export interface ClassSizeBin {
  readonly size: number;
  readonly classes: number;
  readonly records: number;
}

/**
 * Distinct ℓ-diversity of a sensitive attribute over the equivalence classes.
 *
 * @example
 * report.lDiversity?.l //=> 1
 */
export interface LDiversityReport {
  readonly sensitive: string;
  /** Smallest number of distinct sensitive values in any class (0 when there are no records). */
  readonly l: number;
  /** How many classes (and records) have a given number of distinct values, ascending. */
  readonly distinctValues: readonly { readonly distinct: number; readonly classes: number; readonly records: number }[];
  /** Records in classes where every record has the same sensitive value (attribute disclosure). */
  readonly recordsInHomogeneousClasses: number;
}

/**
 * Result of {@link measureKAnonymity}.
 *
 * @example
 * const report = measureKAnonymity(records, ['region_code', 'sex']);
 * report.k //=> 3
 */
export interface KAnonymityReport {
  readonly quasiIdentifiers: readonly string[];
  readonly records: number;
  /** Number of equivalence classes (distinct combinations of quasi-identifier values). */
  readonly classes: number;
  /** Size of the smallest class: the data set is k-anonymous for this k (0 when empty). */
  readonly k: number;
  /** Class-size histogram, ascending by size. */
  readonly classSizes: readonly ClassSizeBin[];
  readonly threshold: number;
  /** Records in classes smaller than `threshold`. */
  readonly recordsAtRisk: number;
  readonly classesAtRisk: number;
  readonly prosecutorRisk: {
    /** Highest re-identification probability of any record: 1 / k. */
    readonly maximum: number;
    /** Mean over records of 1 / class size = classes / records (equals the marketer risk). */
    readonly average: number;
    /** Share of records whose risk is above 1 / threshold. */
    readonly recordsAboveThreshold: number;
  };
  readonly lDiversity?: LDiversityReport;
}

const MISSING = Symbol('missing');
const NO_VALUES: Readonly<Record<string, unknown>> = Object.freeze({});

function normalize(v: unknown): unknown {
  if (v === undefined || v === null || v === '') return MISSING;
  if (Array.isArray(v)) return `[${v.join(',')}]`;
  return v;
}

/** Growable Int32Array. */
class Codes {
  arr = new Int32Array(1024);
  push(i: number, v: number): void {
    if (i >= this.arr.length) {
      const next = new Int32Array(this.arr.length * 2);
      next.set(this.arr);
      this.arr = next;
    }
    this.arr[i] = v;
  }
}

// Combined numeric keys stay exact below 2^48 (see report()).
const EXACT_KEYS = 2 ** 48;

/**
 * Streaming counter behind {@link measureKAnonymity}: feed records one at a time with `add`, read
 * the report with `report()`. Each quasi-identifier value is dictionary-encoded as it arrives, so
 * the counter keeps 4 bytes per quasi-identifier per record (24 MB for 1.5 × 10^6 records and 4
 * quasi-identifiers), never the records themselves.
 *
 * @example
 * const c = new KAnonymityCounter(['region_code', 'sex']);
 * for (const r of records) c.add(r);
 * c.report().k //=> smallest class size
 */
export class KAnonymityCounter {
  private readonly dicts: Map<unknown, number>[];
  private readonly codes: Codes[];
  private readonly sensDict = new Map<unknown, number>();
  private readonly sensCodes = new Codes();
  private n = 0;
  private readonly sensitive: string | undefined;
  private readonly threshold: number;

  constructor(
    readonly quasiIdentifiers: readonly string[],
    options: KAnonymityOptions = {},
  ) {
    this.dicts = quasiIdentifiers.map(() => new Map());
    this.codes = quasiIdentifiers.map(() => new Codes());
    this.sensitive = options.sensitive;
    this.threshold = options.threshold ?? 5;
  }

  /** Adds one record (only its quasi-identifiers and sensitive attribute are read). */
  add(record: Readonly<Record<string, unknown>>): void {
    // Anything that is not an object is a record whose every value is missing (never a throw).
    if (record === null || typeof record !== 'object') record = NO_VALUES;
    const q = this.quasiIdentifiers;
    const i = this.n;
    for (let j = 0; j < q.length; j++) {
      const dict = this.dicts[j]!;
      let v = record[q[j]!];
      if (typeof v !== 'string' && typeof v !== 'number') v = normalize(v);
      else if (v === '') v = MISSING;
      let c = dict.get(v);
      if (c === undefined) dict.set(v, (c = dict.size));
      this.codes[j]!.push(i, c);
    }
    if (this.sensitive !== undefined) {
      let v = record[this.sensitive];
      if (typeof v !== 'string' && typeof v !== 'number') v = normalize(v);
      else if (v === '') v = MISSING;
      let c = this.sensDict.get(v);
      if (c === undefined) this.sensDict.set(v, (c = this.sensDict.size));
      this.sensCodes.push(i, c);
    }
    this.n++;
  }

  /**
   * Class sizes and, with a sensitive attribute, distinct sensitive values per class: the codes
   * are combined into one number per record (class key × S + sensitive code), sorted, and read in
   * runs. Below 2^48 the division by S that recovers the class is exact; above, string keys.
   */
  private classes(): { sizes: number[]; distinct: number[] } {
    const n = this.n;
    const S = this.sensitive !== undefined ? Math.max(1, this.sensDict.size) : 1;
    let product = S;
    for (const d of this.dicts) product *= Math.max(1, d.size);
    const sizes: number[] = [];
    const distinct: number[] = [];
    if (product <= EXACT_KEYS) {
      const keys = new Float64Array(n);
      let mult = S;
      for (let j = 0; j < this.codes.length; j++) {
        const c = this.codes[j]!.arr;
        for (let i = 0; i < n; i++) keys[i]! += c[i]! * mult;
        mult *= Math.max(1, this.dicts[j]!.size);
      }
      if (this.sensitive !== undefined) {
        const sc = this.sensCodes.arr;
        for (let i = 0; i < n; i++) keys[i]! += sc[i]!;
      }
      keys.sort();
      let i = 0;
      while (i < n) {
        const cls = Math.floor(keys[i]! / S);
        let size = 0;
        let d = 0;
        let prev = NaN;
        while (i < n && Math.floor(keys[i]! / S) === cls) {
          if (keys[i] !== prev) {
            d++;
            prev = keys[i]!;
          }
          size++;
          i++;
        }
        sizes.push(size);
        distinct.push(d);
      }
      return { sizes, distinct };
    }
    const byClass = new Map<string, { size: number; sens: Set<number> }>();
    for (let i = 0; i < n; i++) {
      let key = '';
      for (const c of this.codes) key += `${c.arr[i]},`;
      let e = byClass.get(key);
      if (!e) byClass.set(key, (e = { size: 0, sens: new Set() }));
      e.size++;
      if (this.sensitive !== undefined) e.sens.add(this.sensCodes.arr[i]!);
    }
    for (const e of byClass.values()) {
      sizes.push(e.size);
      distinct.push(e.sens.size || 1);
    }
    return { sizes, distinct };
  }

  /** The report over every record added so far. */
  report(): KAnonymityReport {
    const { sizes, distinct } = this.classes();
    const bins = new Map<number, number>();
    let k = 0;
    let atRiskRecords = 0;
    let atRiskClasses = 0;
    for (const size of sizes) {
      bins.set(size, (bins.get(size) ?? 0) + 1);
      if (k === 0 || size < k) k = size;
      if (size < this.threshold) {
        atRiskRecords += size;
        atRiskClasses++;
      }
    }
    const classSizes = [...bins].sort((a, b) => a[0] - b[0]).map(([size, classes]) => ({ size, classes, records: size * classes }));
    const report: KAnonymityReport = {
      quasiIdentifiers: [...this.quasiIdentifiers],
      records: this.n,
      classes: sizes.length,
      k,
      classSizes,
      threshold: this.threshold,
      recordsAtRisk: atRiskRecords,
      classesAtRisk: atRiskClasses,
      prosecutorRisk: {
        maximum: k ? 1 / k : 0,
        average: this.n ? sizes.length / this.n : 0,
        recordsAboveThreshold: this.n ? atRiskRecords / this.n : 0,
      },
    };
    if (this.sensitive === undefined) return report;
    const dist = new Map<number, { classes: number; records: number }>();
    let l = 0;
    let homogeneous = 0;
    for (let c = 0; c < sizes.length; c++) {
      const d = distinct[c]!;
      const size = sizes[c]!;
      const e = dist.get(d) ?? { classes: 0, records: 0 };
      e.classes++;
      e.records += size;
      dist.set(d, e);
      if (l === 0 || d < l) l = d;
      if (d === 1) homogeneous += size;
    }
    return {
      ...report,
      lDiversity: {
        sensitive: this.sensitive,
        l,
        distinctValues: [...dist].sort((a, b) => a[0] - b[0]).map(([distinct, e]) => ({ distinct, ...e })),
        recordsInHomogeneousClasses: homogeneous,
      },
    };
  }
}

/**
 * Measures k-anonymity over quasi-identifiers: k (smallest equivalence class), the class-size
 * histogram, records at risk (in classes smaller than `threshold`), prosecutor risk, and — given a
 * sensitive attribute — distinct ℓ-diversity. A missing value (`undefined`, `null`, `''`) counts as
 * a value of its own; multiple-choice arrays compare by their content.
 *
 * @example
 * const r = measureKAnonymity(records, ['region_code', 'sex', 'birth_year', 'disability_level'], { sensitive: 'disability_category' });
 * r.k                          //=> e.g. 3
 * r.prosecutorRisk.maximum     //=> 1 / 3
 * r.lDiversity?.l              //=> e.g. 1 (some class shares one category: attribute disclosure)
 */
export function measureKAnonymity(
  records: Iterable<Readonly<Record<string, unknown>>>,
  quasiIdentifiers: readonly string[],
  options: KAnonymityOptions = {},
): KAnonymityReport {
  const c = new KAnonymityCounter(quasiIdentifiers, options);
  for (const r of records) c.add(r);
  return c.report();
}

/**
 * {@link measureKAnonymity} over an async iterable (a file or database stream).
 *
 * @example
 * const r = await measureKAnonymityAsync(readJsonLines('extract.jsonl'), ['region_code', 'sex']);
 */
export async function measureKAnonymityAsync(
  records: Iterable<Readonly<Record<string, unknown>>> | AsyncIterable<Readonly<Record<string, unknown>>>,
  quasiIdentifiers: readonly string[],
  options: KAnonymityOptions = {},
): Promise<KAnonymityReport> {
  const c = new KAnonymityCounter(quasiIdentifiers, options);
  for await (const r of records as AsyncIterable<Readonly<Record<string, unknown>>>) c.add(r);
  return c.report();
}
