import { deidFail, type DeidResult } from './errors.js';
import { generalize, hierarchyHeight, levelLabel, SUPPRESSED, validateHierarchy, type Hierarchy } from './hierarchy.js';

/**
 * Options of {@link enforceKAnonymity}.
 *
 * @example
 * enforceKAnonymity(records, { quasiIdentifiers: ['region_code', 'sex'], k: 5, hierarchies: { region_code: HIERARCHIES.regionCode }, maxSuppression: 0.01 });
 */
export interface EnforceKAnonymityOptions {
  readonly quasiIdentifiers: readonly string[];
  /** Every released equivalence class must hold at least k records (integer ≥ 1). */
  readonly k: number;
  /** Generalisation hierarchy per quasi-identifier; one without a hierarchy can only be kept or removed (`'*'`). */
  readonly hierarchies?: Readonly<Record<string, Hierarchy>>;
  /** Largest share of records (0–1) that may be suppressed (removed) to reach k. Default 0. */
  readonly maxSuppression?: number;
  /** With `l`: every released class must also hold ≥ l distinct values of this sensitive attribute. */
  readonly sensitive?: string;
  readonly l?: number;
  /** Refuse lattices with more nodes than this (default 100,000). */
  readonly maxLatticeSize?: number;
  /**
   * Lowest level allowed per quasi-identifier (default 0): the floor a policy sets (e.g. region
   * code at least county, level 2). Nodes below a floor are not searched.
   */
  readonly minLevels?: Readonly<Record<string, number>>;
}

/**
 * One full-domain generalisation (a node of the lattice) and what it costs.
 *
 * @example
 * r.ok && r.value.report.minimalNodes[0] //=> { levels: { region_code: 2, sex: 0 }, suppressedRecords: 3, … }
 */
export interface LatticeNode {
  /** Hierarchy level per quasi-identifier (0 = original). */
  readonly levels: Readonly<Record<string, number>>;
  readonly suppressedRecords: number;
  readonly classes: number;
  /** Mean over quasi-identifiers of level / height: 0 = nothing generalised, 1 = all removed (1 − Sweeney's Prec). */
  readonly precisionLoss: number;
  /** Discernibility metric: Σ (class size)² over released classes + suppressed × records. */
  readonly discernibility: number;
}

/**
 * Information-loss report of {@link enforceKAnonymity}.
 *
 * @example
 * r.ok && r.value.report.precisionLoss //=> 0.25
 */
export interface EnforceKAnonymityReport {
  readonly k: number;
  /** Smallest released class (≥ the requested k unless nothing is released). */
  readonly achievedK: number;
  readonly l?: number;
  readonly achievedL?: number;
  readonly records: number;
  readonly suppressedRecords: number;
  readonly suppressedShare: number;
  readonly classes: number;
  readonly precisionLoss: number;
  readonly discernibility: number;
  /** Normalised average class size: (released records / classes) / k; 1 is ideal. */
  readonly averageClassSizeRatio: number;
  readonly quasiIdentifiers: readonly { readonly field: string; readonly level: number; readonly height: number; readonly label: string }[];
  readonly latticeSize: number;
  readonly nodesEvaluated: number;
  /** Every minimal node that meets the constraints (no less generalised node does), best first. */
  readonly minimalNodes: readonly LatticeNode[];
}

/**
 * Result of {@link enforceKAnonymity}.
 *
 * @example
 * if (r.ok) publish(r.value.records); // r.value.suppressed stay in the office
 */
export interface EnforceKAnonymityResult<R> {
  /** Released records: quasi-identifiers generalised, every other field as given. */
  readonly records: R[];
  /** Input records removed to reach k (unchanged, for the data office's own follow-up). */
  readonly suppressed: R[];
  readonly levels: Readonly<Record<string, number>>;
  readonly report: EnforceKAnonymityReport;
}

const MISSING = Symbol('missing');
function normalize(v: unknown): unknown {
  if (v === undefined || v === null || v === '') return MISSING;
  if (Array.isArray(v)) return `[${v.join(',')}]`;
  return v;
}

/** Growable Int32Array (one code per record). */
class Int32Column {
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

interface Column {
  field: string;
  hierarchy: Hierarchy | undefined;
  height: number;
  dict: Map<unknown, number>; // normalised original value → code
  values: unknown[]; // distinct original values (normalised)
  gen: Int32Array[]; // per level: distinct-value code → generalised code
  genValues: unknown[][]; // per level: generalised code → output value
}

/**
 * The outcome of {@link KAnonymityPlanner.plan}: the chosen generalisation, which records (by
 * the order they were added) are released, and how to generalise a record.
 *
 * @example
 * const plan = planner.plan({ k: 5, hierarchies, maxSuppression: 0.05 });
 * if (plan.ok) for (const [i, r] of records.entries()) if (plan.value.isReleased(i)) write(plan.value.generalize(r));
 */
export interface KAnonymityPlan {
  readonly levels: Readonly<Record<string, number>>;
  readonly report: EnforceKAnonymityReport;
  /** Whether the `index`-th record added is released (false: suppressed to reach k). */
  isReleased(index: number): boolean;
  /** A copy of the record with its quasi-identifiers at the chosen levels (a removed or missing value is deleted). */
  generalize<R extends Readonly<Record<string, unknown>>>(record: R): R;
}

/**
 * Streaming front of {@link enforceKAnonymity}: feed the records one at a time with `add` (only
 * their quasi-identifiers are read and dictionary-encoded: 4 bytes per quasi-identifier per
 * record, plus 4 per record for the plan), then `plan()` searches the lattice. The records
 * themselves are never kept, so a province (1.5 × 10^6 records, 5 quasi-identifiers: about 36 MB)
 * fits in a small heap; read the data again to write the released records with
 * {@link KAnonymityPlan.isReleased} and {@link KAnonymityPlan.generalize}.
 *
 * @example
 * const planner = new KAnonymityPlanner(['region_code', 'sex', 'birth_date']);
 * for await (const r of readRecords()) planner.add(r);
 * const plan = planner.plan({ k: 5, hierarchies: { region_code: HIERARCHIES.regionCode }, maxSuppression: 0.05 });
 */
export class KAnonymityPlanner {
  private readonly dicts: Map<unknown, number>[];
  private readonly valueLists: unknown[][];
  private readonly codes: Int32Column[];
  private n = 0;

  constructor(readonly quasiIdentifiers: readonly string[]) {
    const qis = Array.isArray(quasiIdentifiers) ? quasiIdentifiers.filter((q): q is string => typeof q === 'string') : [];
    this.quasiIdentifiers = qis;
    this.dicts = qis.map(() => new Map());
    this.valueLists = qis.map(() => []);
    this.codes = qis.map(() => new Int32Column());
  }

  /** Records added so far. */
  get records(): number {
    return this.n;
  }

  /** Adds one record (anything that is not an object counts as a record with every value missing). */
  add(record: Readonly<Record<string, unknown>>): void {
    const obj = record !== null && typeof record === 'object' ? record : {};
    const qis = this.quasiIdentifiers;
    for (let q = 0; q < qis.length; q++) {
      const x = normalize(Object.hasOwn(obj, qis[q]!) ? obj[qis[q]!] : undefined);
      const dict = this.dicts[q]!;
      let c = dict.get(x);
      if (c === undefined) {
        c = this.valueLists[q]!.length;
        dict.set(x, c);
        this.valueLists[q]!.push(x);
      }
      this.codes[q]!.push(this.n, c);
    }
    this.n++;
  }

  /**
   * Searches the lattice over the records added (see {@link enforceKAnonymity} for the method and
   * the errors). `options.quasiIdentifiers` is ignored: the planner's own are used.
   */
  plan(options: Omit<EnforceKAnonymityOptions, 'quasiIdentifiers'>): DeidResult<KAnonymityPlan> {
    try {
      return this.search(options ?? ({} as Omit<EnforceKAnonymityOptions, 'quasiIdentifiers'>));
    } catch {
      // A hierarchy or option object that is not what its type says (e.g. a getter that throws).
      return deidFail('DEID_HIERARCHY_INVALID', '泛化层级或选项无效，无法计算');
    }
  }

  private search(options: Omit<EnforceKAnonymityOptions, 'quasiIdentifiers'>): DeidResult<KAnonymityPlan> {
    const qis = this.quasiIdentifiers;
    const k = options.k;
    const l = options.l ?? 1;
    const maxShare = options.maxSuppression ?? 0;
    if (!qis.length) return deidFail('DEID_QUASI_IDENTIFIERS_EMPTY', '至少需要一个准标识符');
    if (!Number.isInteger(k) || k < 1) return deidFail('DEID_K_INVALID', 'k 应为不小于1的整数');
    if (!Number.isInteger(l) || l < 1 || (options.l !== undefined && options.sensitive === undefined)) {
      return deidFail('DEID_K_INVALID', 'l 应为不小于1的整数，且需同时指定敏感属性 sensitive');
    }
    if (typeof maxShare !== 'number' || !(maxShare >= 0 && maxShare <= 1)) return deidFail('DEID_SUPPRESSION_INVALID', 'maxSuppression 是可删除记录的比例，应在0到1之间');
    if (options.sensitive !== undefined && l > 1) {
      return deidFail('DEID_K_INVALID', 'ℓ-多样性需要敏感属性的值：请用 enforceKAnonymity（KAnonymityPlanner 只读取准标识符）');
    }
    return planOver(qis, this.dicts, this.valueLists, this.codes, this.n, undefined, { ...options, k, l, maxShare });
  }
}

interface SearchOptions extends Omit<EnforceKAnonymityOptions, 'quasiIdentifiers'> {
  readonly k: number;
  readonly l: number;
  readonly maxShare: number;
}

function planOver(
  qis: readonly string[],
  dicts: readonly Map<unknown, number>[],
  valueLists: readonly unknown[][],
  codeCols: readonly Int32Column[],
  n: number,
  sensCodes: Int32Array | undefined,
  options: SearchOptions,
): DeidResult<KAnonymityPlan> {
  const { k, l, maxShare } = options;
  const maxSuppressed = Math.floor(maxShare * n + 1e-9);

  // Generalise distinct values only.
  const cols: Column[] = [];
  const floors: number[] = [];
  let latticeSize = 1;
  for (let q = 0; q < qis.length; q++) {
    const field = qis[q]!;
    const h = options.hierarchies?.[field];
    if (h) {
      const v = validateHierarchy(h);
      if (!v.ok) return { ok: false, error: { ...v.error, field } };
    }
    const height = h ? hierarchyHeight(h) : 1;
    const floor = options.minLevels?.[field] ?? 0;
    if (!Number.isInteger(floor) || floor < 0 || floor > height) return deidFail('DEID_LEVEL_INVALID', `准标识符“${field}”的最低泛化层级应为0–${height}的整数`, field);
    floors.push(floor);
    latticeSize *= height + 1 - floor;
    const values = valueLists[q]!;
    const gen: Int32Array[] = [];
    const genValues: unknown[][] = [];
    for (let level = 0; level <= height; level++) {
      const g = new Int32Array(values.length);
      const gd = new Map<unknown, number>();
      const gv: unknown[] = [];
      for (let c = 0; c < values.length; c++) {
        const orig = values[c] === MISSING ? undefined : values[c];
        let out: unknown;
        if (level >= height) out = SUPPRESSED;
        else if (level === 0 || !h) out = values[c];
        else out = orig === undefined ? MISSING : normalize(generalize(orig, h, level));
        let gc = gd.get(out);
        if (gc === undefined) {
          gc = gv.length;
          gd.set(out, gc);
          gv.push(out);
        }
        g[c] = gc;
      }
      gen.push(g);
      genValues.push(gv);
    }
    // Each level must be a function of the level below (a hierarchy, not just a list of recodings),
    // otherwise generalising could split a class and the lattice search would be wrong.
    for (let level = 1; level <= height; level++) {
      const up = new Map<number, number>();
      for (let c = 0; c < values.length; c++) {
        const lo = gen[level - 1]![c]!;
        const hi = gen[level]![c]!;
        const seen = up.get(lo);
        if (seen !== undefined && seen !== hi) {
          return deidFail('DEID_HIERARCHY_INVALID', `准标识符“${field}”的第${level}级泛化把第${level - 1}级的同一值分到了不同组（层级不嵌套）`, field);
        }
        up.set(lo, hi);
      }
    }
    cols.push({ field, hierarchy: h, height, dict: dicts[q]!, values, gen, genValues });
  }
  const maxLattice = options.maxLatticeSize ?? 100_000;
  if (latticeSize > maxLattice) {
    return deidFail('DEID_LATTICE_TOO_LARGE', `泛化格共有${latticeSize}个节点，超过上限${maxLattice}；请减少准标识符或层级`);
  }

  // Distinct combinations of the original quasi-identifier values, with their record counts (and
  // distinct sensitive values): every lattice node is evaluated over these rather than over the
  // records, which is much cheaper once the data is coarse (a county batch has far fewer distinct
  // combinations than records).
  const Q = cols.length;
  const comboOf = new Int32Array(n);
  const comboCodesList: number[] = [];
  const comboCount: number[] = [];
  const comboSens: Set<number>[] | undefined = sensCodes ? [] : undefined;
  {
    let product = 1;
    for (const c of cols) product *= Math.max(1, c.values.length);
    const numeric = product <= Number.MAX_SAFE_INTEGER;
    const index = new Map<number | string, number>();
    for (let i = 0; i < n; i++) {
      let key: number | string;
      if (numeric) {
        let kk = 0;
        let mult = 1;
        for (let q = 0; q < Q; q++) {
          kk += codeCols[q]!.arr[i]! * mult;
          mult *= Math.max(1, cols[q]!.values.length);
        }
        key = kk;
      } else {
        key = '';
        for (let q = 0; q < Q; q++) key += `${codeCols[q]!.arr[i]},`;
      }
      let id = index.get(key);
      if (id === undefined) {
        id = comboCount.length;
        index.set(key, id);
        for (let q = 0; q < Q; q++) comboCodesList.push(codeCols[q]!.arr[i]!);
        comboCount.push(0);
        comboSens?.push(new Set());
      }
      comboCount[id]!++;
      if (comboSens) comboSens[id]!.add(sensCodes![i]!);
      comboOf[i] = id;
    }
  }
  const m = comboCount.length;
  const comboCodes = Int32Array.from(comboCodesList);

  const classKeys = (levels: readonly number[]): Float64Array => {
    const keys = new Float64Array(m);
    let mult = 1;
    for (let q = 0; q < Q; q++) {
      const col = cols[q]!;
      const g = col.gen[levels[q]!]!;
      const card = col.genValues[levels[q]!]!.length;
      for (let c = 0; c < m; c++) keys[c]! += g[comboCodes[c * Q + q]!]! * mult;
      mult *= card;
    }
    if (mult > Number.MAX_SAFE_INTEGER) {
      // Too many combinations for an exact numeric key: fall back to string keys.
      const strKeys = new Map<string, number>();
      for (let c = 0; c < m; c++) {
        let s = '';
        for (let q = 0; q < Q; q++) s += `${cols[q]!.gen[levels[q]!]![comboCodes[c * Q + q]!]},`;
        let id = strKeys.get(s);
        if (id === undefined) strKeys.set(s, (id = strKeys.size));
        keys[c] = id;
      }
    }
    return keys;
  };

  interface Evaluation {
    node: LatticeNode;
    /** Class key per distinct combination. */
    keys: Float64Array;
    released: Set<number>;
    minSize: number;
    minDistinct: number;
  }
  const evaluate = (levels: readonly number[]): Evaluation => {
    const keys = classKeys(levels);
    const sizes = new Map<number, number>();
    for (let c = 0; c < m; c++) sizes.set(keys[c]!, (sizes.get(keys[c]!) ?? 0) + comboCount[c]!);
    let distinct: Map<number, Set<number>> | undefined;
    if (comboSens) {
      distinct = new Map();
      for (let c = 0; c < m; c++) {
        let s = distinct.get(keys[c]!);
        if (!s) distinct.set(keys[c]!, (s = new Set()));
        for (const v of comboSens[c]!) s.add(v);
      }
    }
    let suppressed = 0;
    let dm = 0;
    let minSize = 0;
    let minDistinct = 0;
    const released = new Set<number>();
    for (const [key, size] of sizes) {
      const d = distinct?.get(key)?.size ?? Infinity;
      if (size < k || d < l) suppressed += size;
      else {
        released.add(key);
        dm += size * size;
        if (minSize === 0 || size < minSize) minSize = size;
        if (minDistinct === 0 || d < minDistinct) minDistinct = d;
      }
    }
    dm += suppressed * n;
    const precisionLoss = cols.reduce((s, c, q) => s + levels[q]! / c.height, 0) / cols.length;
    const node: LatticeNode = {
      levels: Object.fromEntries(cols.map((c, q) => [c.field, levels[q]!])),
      suppressedRecords: suppressed,
      classes: released.size,
      precisionLoss,
      discernibility: dm,
    };
    return { node, keys, released, minSize, minDistinct: Number.isFinite(minDistinct) ? minDistinct : 0 };
  };

  // All nodes at or above the floors, ordered by height (sum of levels), then lexicographically.
  const nodes: number[][] = [[]];
  cols.forEach((c, q) => {
    const next: number[][] = [];
    for (const prefix of nodes) for (let lv = floors[q]!; lv <= c.height; lv++) next.push([...prefix, lv]);
    nodes.splice(0, nodes.length, ...next);
  });
  const sum = (v: readonly number[]) => v.reduce((a, b) => a + b, 0);
  nodes.sort((a, b) => sum(a) - sum(b) || a.join().localeCompare(b.join()));

  const minimal: { levels: number[]; evaluation: Evaluation }[] = [];
  let evaluated = 0;
  for (const levels of nodes) {
    if (minimal.some((mm) => mm.levels.every((lv, q) => lv <= levels[q]!))) continue; // above a solution
    evaluated++;
    const e = evaluate(levels);
    if (e.node.suppressedRecords <= maxSuppressed) minimal.push({ levels, evaluation: { ...e, keys: new Float64Array(0) } });
  }
  if (!minimal.length) {
    return deidFail('DEID_K_UNREACHABLE', `即使完全泛化也无法在删除不超过${maxSuppressed}条记录的条件下达到 k=${k}${l > 1 ? `、l=${l}` : ''}`);
  }
  minimal.sort(
    (a, b) =>
      a.evaluation.node.precisionLoss - b.evaluation.node.precisionLoss ||
      a.evaluation.node.suppressedRecords - b.evaluation.node.suppressedRecords ||
      a.evaluation.node.discernibility - b.evaluation.node.discernibility,
  );
  const best = minimal[0]!;
  const chosen = evaluate(best.levels); // again, with the per-combination keys
  const node = chosen.node;
  const report: EnforceKAnonymityReport = {
    k,
    achievedK: chosen.minSize,
    ...(sensCodes ? { l, achievedL: chosen.minDistinct } : {}),
    records: n,
    suppressedRecords: node.suppressedRecords,
    suppressedShare: n ? node.suppressedRecords / n : 0,
    classes: node.classes,
    precisionLoss: node.precisionLoss,
    discernibility: node.discernibility,
    averageClassSizeRatio: node.classes ? (n - node.suppressedRecords) / node.classes / k : 0,
    quasiIdentifiers: cols.map((c, q) => ({ field: c.field, level: best.levels[q]!, height: c.height, label: levelLabel(c.hierarchy, best.levels[q]!) })),
    latticeSize,
    nodesEvaluated: evaluated,
    minimalNodes: minimal.map((mm) => mm.evaluation.node),
  };
  const releasedCombo = new Uint8Array(m);
  for (let c = 0; c < m; c++) releasedCombo[c] = chosen.released.has(chosen.keys[c]!) ? 1 : 0;
  const generalizeRecord = <R extends Readonly<Record<string, unknown>>>(record: R): R => {
    const copy: Record<string, unknown> = { ...record };
    for (let q = 0; q < Q; q++) {
      const col = cols[q]!;
      const lv = best.levels[q]!;
      if (lv === 0) continue;
      const x = normalize(Object.hasOwn(copy, col.field) ? copy[col.field] : undefined);
      const code = col.dict.get(x);
      let v: unknown;
      if (code !== undefined) v = col.genValues[lv]![col.gen[lv]![code]!]!;
      else if (lv >= col.height || !col.hierarchy) v = SUPPRESSED; // a value the plan never saw: removed
      else v = x === MISSING ? MISSING : normalize(generalize(x, col.hierarchy, lv));
      if (v === MISSING) delete copy[col.field];
      else copy[col.field] = v;
    }
    return copy as R;
  };
  return {
    ok: true,
    value: {
      levels: node.levels,
      report,
      isReleased: (index) => Number.isInteger(index) && index >= 0 && index < n && releasedCombo[comboOf[index]!] === 1,
      generalize: generalizeRecord,
    },
  };
}

/**
 * Reaches k-anonymity (optionally with distinct ℓ-diversity) by full-domain generalisation plus
 * record suppression (Samarati 2001; Sweeney 2002): searches the lattice of hierarchy levels
 * bottom-up and returns the least generalisation that leaves at most `maxSuppression` of the
 * records in classes smaller than k (those records are suppressed). Because generalising only
 * merges classes, a node that meets the constraints makes every more general node meet them too;
 * nodes above a solution are not evaluated. Among the minimal solutions the one with the lowest
 * precision loss wins, then fewer suppressed records, then the lower discernibility; all minimal
 * solutions are listed in the report so you can choose another. For data that does not fit in
 * memory, use {@link KAnonymityPlanner} (same search, records read twice).
 *
 * Errors: `DEID_QUASI_IDENTIFIERS_EMPTY`, `DEID_K_INVALID`, `DEID_SUPPRESSION_INVALID`,
 * `DEID_HIERARCHY_INVALID`, `DEID_LEVEL_INVALID`, `DEID_LATTICE_TOO_LARGE`, `DEID_K_UNREACHABLE`.
 *
 * @example
 * const r = enforceKAnonymity(records, {
 *   quasiIdentifiers: ['region_code', 'birth_date', 'sex'],
 *   k: 5,
 *   hierarchies: { region_code: HIERARCHIES.regionCode, birth_date: ageHierarchy('2024-10-31') },
 *   maxSuppression: 0.02,
 * });
 * if (r.ok) {
 *   r.value.levels                    //=> { region_code: 2, birth_date: 1, sex: 0 }
 *   r.value.report.suppressedRecords  //=> e.g. 37
 * }
 */
export function enforceKAnonymity<R extends Readonly<Record<string, unknown>>>(
  records: readonly R[],
  options: EnforceKAnonymityOptions,
): DeidResult<EnforceKAnonymityResult<R>> {
  try {
    return enforceUnsafe(records, options);
  } catch {
    return deidFail('DEID_HIERARCHY_INVALID', '记录、泛化层级或选项无效，无法计算');
  }
}

function enforceUnsafe<R extends Readonly<Record<string, unknown>>>(records: readonly R[], options: EnforceKAnonymityOptions): DeidResult<EnforceKAnonymityResult<R>> {
  if (!Array.isArray(records)) return deidFail('DEID_QUASI_IDENTIFIERS_EMPTY', '记录应为数组');
  if (options === null || typeof options !== 'object' || !Array.isArray(options.quasiIdentifiers)) return deidFail('DEID_QUASI_IDENTIFIERS_EMPTY', '至少需要一个准标识符');
  const qis = options.quasiIdentifiers;
  const k = options.k;
  const l = options.l ?? 1;
  const maxShare = options.maxSuppression ?? 0;
  if (!qis.length) return deidFail('DEID_QUASI_IDENTIFIERS_EMPTY', '至少需要一个准标识符');
  if (!Number.isInteger(k) || k < 1) return deidFail('DEID_K_INVALID', 'k 应为不小于1的整数');
  if (!Number.isInteger(l) || l < 1 || (options.l !== undefined && options.sensitive === undefined)) {
    return deidFail('DEID_K_INVALID', 'l 应为不小于1的整数，且需同时指定敏感属性 sensitive');
  }
  if (typeof maxShare !== 'number' || !(maxShare >= 0 && maxShare <= 1)) return deidFail('DEID_SUPPRESSION_INVALID', 'maxSuppression 是可删除记录的比例，应在0到1之间');
  const planner = new KAnonymityPlanner(qis);
  for (const r of records) planner.add(r);
  const n = records.length;
  let sensCodes: Int32Array | undefined;
  if (options.sensitive !== undefined && l > 1) {
    const dict = new Map<unknown, number>();
    sensCodes = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const r = records[i];
      const x = normalize(r !== null && typeof r === 'object' && Object.hasOwn(r, options.sensitive) ? r[options.sensitive] : undefined);
      let c = dict.get(x);
      if (c === undefined) dict.set(x, (c = dict.size));
      sensCodes[i] = c;
    }
  }
  const p = planner as unknown as { dicts: Map<unknown, number>[]; valueLists: unknown[][]; codes: Int32Column[] };
  const plan = planOver(planner.quasiIdentifiers, p.dicts, p.valueLists, p.codes, n, sensCodes, { ...options, k, l, maxShare });
  if (!plan.ok) return plan;
  const out: R[] = [];
  const suppressed: R[] = [];
  for (let i = 0; i < n; i++) {
    const r = records[i]!;
    if (plan.value.isReleased(i)) out.push(plan.value.generalize(r));
    else suppressed.push(r);
  }
  return { ok: true, value: { records: out, suppressed, levels: plan.value.levels, report: plan.value.report } };
}
