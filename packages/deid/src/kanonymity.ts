/**
 * Re-identification risk of a data set under the prosecutor model (GB/T 42460-2023 risk
 * assessment; El Emam & Dankar 2008): the attacker knows the target is in the data and knows the
 * target's quasi-identifiers, so a record in an equivalence class of size f is re-identified with
 * probability 1/f.
 */

/** Options of {@link measureKAnonymity}. */
export interface KAnonymityOptions {
  /** Sensitive attribute for distinct ℓ-diversity (e.g. `'disability_category'`). */
  readonly sensitive?: string;
  /** Classes smaller than this are "at risk" (default 5, i.e. a risk above 0.2). */
  readonly threshold?: number;
}

/** How many classes (and records) have a given size. */
export interface ClassSizeBin {
  readonly size: number;
  readonly classes: number;
  readonly records: number;
}

/** Distinct ℓ-diversity of a sensitive attribute over the equivalence classes. */
export interface LDiversityReport {
  readonly sensitive: string;
  /** Smallest number of distinct sensitive values in any class (0 when there are no records). */
  readonly l: number;
  /** How many classes (and records) have a given number of distinct values, ascending. */
  readonly distinctValues: readonly { readonly distinct: number; readonly classes: number; readonly records: number }[];
  /** Records in classes where every record has the same sensitive value (attribute disclosure). */
  readonly recordsInHomogeneousClasses: number;
}

/** Result of {@link measureKAnonymity}. */
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

function normalize(v: unknown): unknown {
  if (v === undefined || v === null || v === '') return MISSING;
  if (Array.isArray(v)) return `[${v.join(',')}]`;
  return v;
}

/**
 * Streaming counter behind {@link measureKAnonymity}: feed records one at a time with `add`, read
 * the report with `report()`. Memory grows with the number of equivalence classes, not records.
 *
 * @example
 * const c = new KAnonymityCounter(['region_code', 'sex']);
 * for (const r of records) c.add(r);
 * c.report().k //=> smallest class size
 */
export class KAnonymityCounter {
  private readonly dicts: Map<unknown, number>[];
  private readonly sensDict = new Map<unknown, number>();
  private readonly sizes = new Map<string, number>();
  private readonly sensByClass = new Map<string, Set<number>>();
  private n = 0;
  private readonly sensitive: string | undefined;
  private readonly threshold: number;

  constructor(
    readonly quasiIdentifiers: readonly string[],
    options: KAnonymityOptions = {},
  ) {
    this.dicts = quasiIdentifiers.map(() => new Map());
    this.sensitive = options.sensitive;
    this.threshold = options.threshold ?? 5;
  }

  private code(dict: Map<unknown, number>, v: unknown): number {
    const x = normalize(v);
    let c = dict.get(x);
    if (c === undefined) {
      c = dict.size;
      dict.set(x, c);
    }
    return c;
  }

  /** Adds one record (only its quasi-identifiers and sensitive attribute are read). */
  add(record: Readonly<Record<string, unknown>>): void {
    const q = this.quasiIdentifiers;
    let key = '';
    for (let i = 0; i < q.length; i++) {
      key += `${this.code(this.dicts[i]!, record[q[i]!])},`;
    }
    this.sizes.set(key, (this.sizes.get(key) ?? 0) + 1);
    if (this.sensitive !== undefined) {
      const s = this.code(this.sensDict, record[this.sensitive]);
      let set = this.sensByClass.get(key);
      if (!set) this.sensByClass.set(key, (set = new Set()));
      set.add(s);
    }
    this.n++;
  }

  /** The report over every record added so far. */
  report(): KAnonymityReport {
    const bins = new Map<number, number>();
    let k = 0;
    let atRiskRecords = 0;
    let atRiskClasses = 0;
    for (const size of this.sizes.values()) {
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
      classes: this.sizes.size,
      k,
      classSizes,
      threshold: this.threshold,
      recordsAtRisk: atRiskRecords,
      classesAtRisk: atRiskClasses,
      prosecutorRisk: {
        maximum: k ? 1 / k : 0,
        average: this.n ? this.sizes.size / this.n : 0,
        recordsAboveThreshold: this.n ? atRiskRecords / this.n : 0,
      },
    };
    if (this.sensitive === undefined) return report;
    const dist = new Map<number, { classes: number; records: number }>();
    let l = 0;
    let homogeneous = 0;
    for (const [key, set] of this.sensByClass) {
      const d = set.size;
      const size = this.sizes.get(key)!;
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
