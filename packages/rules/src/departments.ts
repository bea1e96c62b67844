import { canonicalResidentId } from '@canji/id';
import type { DepartmentId, DepartmentIndex } from './model.js';
import type { KeyIndex } from './key-index.js';
import { RowStore, WriteMode, type Column, type NumberedValue, type RowShape } from './row-store.js';

type Row = Readonly<Record<string, unknown>>;

/**
 * @internal Department row fields besides the extract's columns, and the column each comes from:
 * civil affairs' rows are merged into `benefits` (see {@link mergeDepartmentRows}).
 */
export const MERGED_FIELDS: Partial<Record<DepartmentId, Record<string, string>>> = { 'civil-affairs': { benefits: 'benefit' } };

/** How to key a department's rows. */
export interface DepartmentIndexOptions {
  /** Column holding the resident ID (default `'resident_id'`); keyed by its canonical form (15→18, case, width). */
  idField?: string;
  /**
   * The `idField` values are canonical already (what `@canji/form`'s extract readers give): used as
   * keys as they are, not canonicalised again. A value that is not canonical would then never match.
   */
  canonicalIds?: boolean;
  /**
   * A key numbering shared by the departments of one check (`new KeyIndex()`, given to each): a
   * key kept once for all of them, and a record's key looked up once for all seven.
   */
  keys?: KeyIndex;
  /** Custom key (e.g. a keyed pseudonym both sides computed); overrides `idField`. Return `undefined` for rows that cannot be keyed. */
  key?: (row: Row) => string | undefined;
  /**
   * Combines two rows with the same key (default: see {@link mergeDepartmentRows} — civil-affairs
   * rows, one per benefit and period, are gathered into `benefits`; otherwise the row with the
   * later `period` wins).
   */
  merge?: (previous: Row, row: Row) => Row;
}

function civilBenefits(row: Row): number[] {
  const b = row.benefits;
  if (Array.isArray(b)) return b.filter((x): x is number => typeof x === 'number');
  return typeof row.benefit === 'number' ? [row.benefit] : [];
}

/**
 * The default way rows of one person are combined. Civil affairs sends one row per person,
 * benefit and period (like its payment rosters): the combined row carries `benefits`, the sorted
 * distinct benefit codes (1 低保, 2 特困, 3 生活补贴, 4 护理补贴, 5 低保边缘). For the other
 * departments the row with the later `period` wins (the later one on a tie).
 *
 * @example
 * ```ts
 * mergeDepartmentRows('civil-affairs', { benefit: 1, period: '2017-05' }, { benefit: 3, period: '2017-05' }).benefits; //=> [1, 3]
 * ```
 */
export function mergeDepartmentRows(department: DepartmentId, previous: Row | undefined, row: Row): Row {
  if (department === 'civil-affairs') {
    // A person's first row of one benefit (most rows): no set to gather.
    if (!previous && typeof row.benefit === 'number' && !Array.isArray(row.benefits)) return { ...row, benefits: [row.benefit] };
    const set = new Set(civilBenefits(row));
    if (previous) for (const b of civilBenefits(previous)) set.add(b);
    return { ...(previous ?? {}), ...row, benefits: [...set].sort((a, b) => a - b) };
  }
  if (!previous) return row;
  const pp = previous.period;
  const rp = row.period;
  if (typeof pp === 'string' && typeof rp === 'string' && rp < pp) return previous;
  return row;
}

/**
 * The rows of one department by key, in flat memory (see `RowStore`): no `Map` key limit, so a
 * national extract of 3.8 × 10^7 IDs indexes like a county's.
 */
class PackedIndex implements DepartmentIndex {
  rowsRead = 0;
  rowsWithoutKey = 0;
  duplicateKeys = 0;
  private readonly store: RowStore;
  private readonly civil: boolean;
  constructor(
    readonly department: DepartmentId,
    keyField: string | undefined,
    keys?: KeyIndex,
  ) {
    this.store = new RowStore({ ...(keyField ? { keyField } : {}), ...(keys ? { keys } : {}) });
    this.civil = department === 'civil-affairs';
  }
  get size(): number {
    return this.store.size;
  }
  /** The shape of rows given as values by slot of `fields`. */
  shape(fields: readonly string[]): RowShape {
    return this.store.shape(fields);
  }
  /** The last key looked up and its entry (-1: none): a record is looked up by `has`, then `get`, with one key. */
  private lastKey: string | undefined;
  private lastEntry = -1;
  private entryOf(key: string): number {
    if (key !== this.lastKey) {
      this.lastEntry = this.store.entryOf(key);
      this.lastKey = key;
    }
    return this.lastEntry;
  }
  get(key: string): Row | undefined {
    const e = this.entryOf(key);
    return e < 0 ? undefined : this.store.read(e, key);
  }
  /** Whether `key` has a row (no row built: what a count of matches needs). */
  has(key: string): boolean {
    return this.entryOf(key) >= 0;
  }
  /** The `benefits` column (civil affairs), once written. */
  private benefits: Column | undefined;
  /** Civil affairs: the number of the benefit set of (number of the set before, benefit) in the `benefits` column. */
  private readonly unions: (Map<number, number> | undefined)[] = [];

  /**
   * A row given as values by slot of `shape`, keyed by `key` (see {@link DepartmentIndexBuilder.forFields}):
   * what `add` of its row object with the default merge does, column by column.
   */
  addValues(shape: RowShape, values: readonly unknown[], numbered: readonly (NumberedValue | undefined)[] | undefined, key: string | undefined, periodSlot: number, benefitSlot: number): void {
    this.rowsRead++;
    this.lastKey = undefined;
    if (key === undefined) {
      this.rowsWithoutKey++;
      return;
    }
    const store = this.store;
    const entry = store.enter(key);
    if (store.added) {
      store.writeValues(entry, shape, values, numbered, key, WriteMode.Fresh);
      if (this.civil) this.gatherBenefits(entry, 0, benefitSlot < 0 ? undefined : values[benefitSlot]);
      return;
    }
    this.duplicateKeys++;
    if (this.civil) {
      // `{ ...previous, ...row, benefits }`: the benefit sets of the two rows gathered.
      const before = (this.benefits ??= store.columnNamed('benefits'))?.numberAt(entry) ?? 0;
      store.writeValues(entry, shape, values, numbered, key, WriteMode.Over);
      this.gatherBenefits(entry, before, benefitSlot < 0 ? undefined : values[benefitSlot]);
      return;
    }
    // The row with the later period wins (the later one on a tie).
    if (periodSlot >= 0) {
      const rp = values[periodSlot];
      const pp = store.columnOf(shape, periodSlot)?.get(entry);
      if (typeof pp === 'string' && typeof rp === 'string' && rp < pp) return;
    }
    store.writeValues(entry, shape, values, numbered, key, WriteMode.Replace);
  }

  /**
   * Civil affairs' `benefits` at an entry: the sorted distinct benefit codes of its set before
   * (`before`: its number in the column, 0: none; -1: the column holds values directly) and of the
   * row's `benefit` — as {@link mergeDepartmentRows} gathers them, each pair worked out once.
   */
  private gatherBenefits(entry: number, before: number, benefit: unknown): void {
    const col = (this.benefits ??= this.store.column('benefits'));
    const b = benefit === undefined ? 1024 : typeof benefit === 'number' && Number.isInteger(benefit) && benefit >= 0 && benefit < 1024 ? benefit : -1;
    const memo = before >= 0 && b >= 0 && !col.isDirect ? (this.unions[before] ??= new Map()) : undefined;
    const known = memo?.get(b);
    if (known !== undefined) {
      col.setNumber(entry, known);
      return;
    }
    const set = new Set<number>(typeof benefit === 'number' ? [benefit] : []);
    const prev = before === 0 ? undefined : col.get(entry);
    if (Array.isArray(prev)) for (const x of prev) if (typeof x === 'number') set.add(x);
    const id = col.set(entry, [...set].sort((x, y) => x - y));
    if (memo !== undefined && id > 0) memo.set(b, id);
  }

  add(row: Row, keyOf: (row: Row) => string | undefined, merge: ((previous: Row, row: Row) => Row) | undefined): void {
    this.rowsRead++;
    this.lastKey = undefined;
    const k = keyOf(row);
    if (k === undefined) {
      this.rowsWithoutKey++;
      return;
    }
    const store = this.store;
    const entry = store.enter(k);
    if (store.added) {
      store.write(entry, this.civil && !merge ? mergeDepartmentRows(this.department, undefined, row) : row, k, true);
      return;
    }
    this.duplicateKeys++;
    const prev = store.read(entry, k);
    store.write(entry, merge ? merge(prev, row) : mergeDepartmentRows(this.department, prev, row), k);
  }
}

function keyFunction(opts: DepartmentIndexOptions): (row: Row) => string | undefined {
  if (opts.key) return opts.key;
  const field = opts.idField ?? 'resident_id';
  if (opts.canonicalIds) {
    return (row) => {
      const v = row[field];
      return typeof v === 'string' && v !== '' ? v : undefined;
    };
  }
  return (row) => {
    const v = row[field];
    return typeof v === 'string' && v !== '' ? canonicalResidentId(v) : undefined;
  };
}

/**
 * Builds a department index row by row (what {@link buildDepartmentIndex} does over its rows),
 * rows given as objects (`add`) or as values by slot of a file's fields (`forFields`: no row
 * object per row, and a value its reader remembers numbered once by the index's column).
 *
 * @example
 * ```ts
 * import { createDepartmentIndexBuilder } from '@canji/rules';
 * const b = createDepartmentIndexBuilder('health', { canonicalIds: true });
 * const add = b.forFields(['resident_id', 'family_doctor_contract']);
 * add(['430121196007201564', 2]);
 * b.index.get('430121196007201564'); //=> { resident_id: '430121196007201564', family_doctor_contract: 2 }
 * ```
 */
export interface DepartmentIndexBuilder {
  /** Adds one row object. */
  add(row: Row): void;
  /**
   * The adder of rows of one shape: `add(values, numbered)` adds the row `{ [fields[s]]: values[s] }`
   * (slots whose value is `undefined` left out). `numbered[s]`, when given, is `values[s]` as its
   * reader remembers it (an object the index keeps its column's number on, see
   * `ExtractRememberedValue` of `@canji/form`).
   */
  forFields(fields: readonly string[]): (values: readonly unknown[], numbered?: readonly (NumberedValue | undefined)[]) => void;
  /** The index of the rows added so far. */
  readonly index: DepartmentIndex;
}

/**
 * A {@link DepartmentIndexBuilder} for one department's extract, keyed and merged as
 * {@link buildDepartmentIndex} keys and merges (`opts`).
 *
 * @example
 * ```ts
 * const b = createDepartmentIndexBuilder('civil-affairs');
 * b.add({ resident_id: id, benefit: 1, period: '2017-05' });
 * b.add({ resident_id: id, benefit: 3, period: '2017-05' });
 * b.index.get(id)?.benefits; //=> [1, 3]
 * ```
 */
export function createDepartmentIndexBuilder(department: DepartmentId, opts: DepartmentIndexOptions = {}): DepartmentIndexBuilder {
  const idField = opts.idField ?? 'resident_id';
  const index = new PackedIndex(department, opts.key ? undefined : idField, opts.keys);
  const keyOf = keyFunction(opts);
  const merge = opts.merge;
  const add = (row: Row): void => index.add(row, keyOf, merge);
  return {
    add,
    forFields(fields) {
      // A custom key or merge reads row objects; so does a civil-affairs row that brings `benefits` itself.
      if (opts.key || merge || (department === 'civil-affairs' && fields.includes('benefits'))) {
        return (values) => {
          const row: Record<string, unknown> = {};
          for (let s = 0; s < fields.length; s++) if (values[s] !== undefined) row[fields[s]!] = values[s];
          add(row);
        };
      }
      const shape = index.shape(fields);
      const idSlot = fields.indexOf(idField);
      const periodSlot = fields.indexOf('period');
      const benefitSlot = fields.indexOf('benefit');
      const canonical = opts.canonicalIds === true;
      return (values, numbered) => {
        const v = idSlot < 0 ? undefined : values[idSlot];
        const key = typeof v === 'string' && v !== '' ? (canonical ? v : canonicalResidentId(v)) : undefined;
        index.addValues(shape, values, numbered, key, periodSlot, benefitSlot);
      };
    },
    index,
  };
}

/**
 * Indexes a partner department's extract rows by the canonical resident ID (15-digit numbers
 * upgraded, case and width normalised) or by a caller-supplied key, for the cross-check rules.
 * The index holds every row — in flat memory (typed arrays and per-column dictionaries, no `Map`
 * key limit): this is the one part of a batch check whose memory grows with the data.
 *
 * @example
 * ```ts
 * const civil = buildDepartmentIndex('civil-affairs', [{ resident_id: id, dibao: true }]);
 * civil.get(canonicalResidentId(id)!)?.dibao; //=> true
 * ```
 */
export function buildDepartmentIndex(department: DepartmentId, rows: Iterable<Row>, opts: DepartmentIndexOptions = {}): DepartmentIndex {
  const index = new PackedIndex(department, opts.key ? undefined : (opts.idField ?? 'resident_id'), opts.keys);
  const keyOf = keyFunction(opts);
  for (const row of rows) index.add(row, keyOf, opts.merge);
  return index;
}

/**
 * Same as {@link buildDepartmentIndex} over an async iterable (a file being parsed, a database
 * cursor) of rows, or of batches of rows (arrays: a chunk of a file, one await for many rows).
 *
 * @example
 * ```ts
 * const edu = await buildDepartmentIndexAsync('education', readRows('xueji.csv'));
 * ```
 */
export async function buildDepartmentIndexAsync(
  department: DepartmentId,
  rows: AsyncIterable<Row | readonly Row[]> | Iterable<Row | readonly Row[]>,
  opts: DepartmentIndexOptions = {},
): Promise<DepartmentIndex> {
  const { add, index } = createDepartmentIndexBuilder(department, opts);
  for await (const item of rows) {
    if (Array.isArray(item)) for (let i = 0; i < item.length; i++) add(item[i] as Row);
    else add(item as Row);
  }
  return index;
}
