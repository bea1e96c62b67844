/**
 * Rows → person records (the flat-column vocabulary of `@canji/form`): each header is resolved
 * once (`resolveFlatHeaders`: machine names `r13`, item numbers `R13`, `R13 受教育程度`, labels
 * `受教育程度`), then each row is read by `fromFlatRow` (row objects) or by a `flatRowReader`
 * written for the header (CSV cells). Rejection is cell-level: a cell that cannot be read is kept
 * as written for the checker (a finding at its item) or left out (extracts, indicators), and the
 * rest of the person is read; only a row without a usable identity is rejected. An ID cell a
 * spreadsheet mangled is recovered from the certificate number, and a header without an ID column
 * reads the ID from the certificate number — each said in the row's issues.
 */
import { flatRowReader, fromFlatRow, resolveFlatHeaders, type FlatIssue, type FlatRowOptions, type FromFlatRowResult, type PersonFormVersion } from '@canji/form';
import type { RowItem } from './chunks.js';
import type { Cell, RowError } from './rows.js';
import { rowObject } from './sources.js';

export interface HeaderMapping {
  /** Header as in the file → machine key, for the columns the form knows. */
  known: Map<string, string>;
  /** Headers the form does not know (ignored), with the reason. */
  unknown: { column: string; message: string }[];
  /** Every header is already its machine key (rows can be read as they are). */
  identity: boolean;
  /** The form version the headers were resolved for (default `'2017'`); rows are read for it too. */
  formVersion?: string;
  /**
   * The header has R2 残疾人证号 and no resident ID column: each row's ID is the certificate
   * number's first 18 characters (`FLAT_ID_FROM_CERTIFICATE`), and `resident_id` counts as present.
   */
  idFromCertificate: boolean;
  /** What a cell that cannot be read becomes (see {@link MapHeadersOptions.unreadableCells}). */
  unreadableCells: UnreadableCells;
}

/**
 * What becomes of a cell that cannot be read (`已婚有配偶X` as R4, a date that is no date): `keep`
 * — kept as written, so the checker reports it at its item (`canji check`); `drop` — left out of
 * the record, so no text that is not an answer reaches an extract or an indicator (`canji deid`,
 * `canji indicators`). Either way the row is read and the cell counted.
 */
export type UnreadableCells = 'keep' | 'drop';

/** Options of {@link mapHeaders}. */
export interface MapHeadersOptions {
  /** Form version of the file (default `'2017'`). */
  formVersion?: string;
  /** What becomes of a cell that cannot be read (default `'drop'`). */
  unreadableCells?: UnreadableCells;
}

const OPTIONS_BY_KEY = new Map<string, FlatRowOptions>();
/** The options of `fromFlatRow` for a form version: one object per version (rows are read by the million). */
function flatOptions(formVersion: string | undefined, idFromCertificate = false): FlatRowOptions {
  const key = `${formVersion ?? ''}|${idFromCertificate ? 1 : 0}`;
  let o = OPTIONS_BY_KEY.get(key);
  if (!o) OPTIONS_BY_KEY.set(key, (o = { ...(formVersion ? { version: formVersion as PersonFormVersion } : {}), ...(idFromCertificate ? { idFromCertificate } : {}) }));
  return o;
}

/**
 * Resolves a file's headers to machine keys (`resolveFlatHeaders` of `@canji/form`): the known
 * columns, and the ignored ones with the reason shown to the user.
 *
 * @example
 * ```ts
 * mapHeaders(['身份证号码', 'R13 受教育程度', '备注2']).known.get('R13 受教育程度'); //=> 'r13'
 * ```
 */
export function mapHeaders(columns: readonly string[], opts: MapHeadersOptions = {}): HeaderMapping {
  const { known, ignored, identity, labelMismatch } = resolveFlatHeaders(columns, flatOptions(opts.formVersion));
  const keys = new Set(known.values());
  // The certificate column stands in for the ID column only when its header reads cleanly (a
  // header garbled by a wrong encoding keeps `R2` but not its label: that file stays refused).
  const idFromCertificate = keys.has('certificate_no') && !keys.has('resident_id') && !labelMismatch.some((m) => m.key === 'certificate_no');
  return {
    known,
    unknown: ignored.map(({ column, message }) => ({ column, message })),
    identity,
    ...(opts.formVersion ? { formVersion: opts.formVersion } : {}),
    idFromCertificate,
    unreadableCells: opts.unreadableCells ?? 'drop',
  };
}

/**
 * A row read: the person record, how many of its cells were normalised or recovered (`notes`),
 * those changes (`normalised`) and the cells that could not be read (`unreadable`), each with the
 * column as headed in the file (`from` / `to` hold the raw and the read value, unmasked) — or why
 * the whole row was rejected.
 */
export type RowToRecord =
  | { ok: true; record: Record<string, unknown>; notes: number; normalised?: readonly FlatIssue[]; unreadable?: readonly FlatIssue[] }
  | { ok: false; error: RowError };

/** Row-level results of `fromFlatRow` (no item to put a finding on): the row is rejected. */
const ROW_ERRORS: ReadonlySet<string> = new Set(['FLAT_NOT_OBJECT', 'FLAT_VERSION_UNKNOWN', 'FLAT_ROW_UNREADABLE']);
/** An ID cell whose digits are lost (not recovered from a certificate number): the row has no usable identity. */
const ID_LOST: ReadonlySet<string> = new Set(['FLAT_SCIENTIFIC_NOTATION', 'FLAT_NUMBER_AS_TEXT']);

/**
 * Reads one row with a header mapping (see {@link mapHeaders}). A cell that cannot be read
 * (`FLAT_VALUE_INVALID` …) is counted in `unreadable` and kept or left out (the mapping's
 * `unreadableCells`); normalisations (`1.农业` → 1, full-width digits …) and recoveries are counted
 * in `notes`. Only a row without a usable identity (`ROW_NO_IDENTITY`: the ID cell lost its digits
 * and no certificate number gives them back) or one `fromFlatRow` cannot read at all is rejected.
 *
 * @example
 * ```ts
 * const m = mapHeaders(['身份证号码', 'R3 户口性质']);
 * rowToRecord({ 身份证号码: '11010519491231002x', 'R3 户口性质': '1.农业' }, m);
 * //=> { ok: true, record: { resident_id: '11010519491231002X', r3: 1 }, notes: 2, normalised: [...] }
 * rowToRecord({ 身份证号码: '11010519491231002X', 'R3 户口性质': '农业户口X' }, m);
 * //=> { ok: true, record: { resident_id: '11010519491231002X' }, notes: 0, unreadable: [FLAT_VALUE_INVALID at 'R3 户口性质'] }
 * rowToRecord({ 身份证号码: '4.30121E+17' }, m).ok; //=> false (ROW_NO_IDENTITY)
 * ```
 */
export function rowToRecord(row: Readonly<Record<string, Cell>>, mapping: HeaderMapping): RowToRecord {
  let flat: Record<string, Cell> = row as Record<string, Cell>;
  if (!mapping.identity) {
    flat = {};
    for (const col in row) {
      const key = mapping.known.get(col);
      if (key !== undefined) flat[key] = row[col];
    }
  }
  return rowResult(fromFlatRow(flat as Parameters<typeof fromFlatRow>[0], flatOptions(mapping.formVersion, mapping.idFromCertificate)), mapping);
}

/** The header in the file of a machine key (the first that maps to it). */
function fileColumn(mapping: HeaderMapping, key: string): string {
  for (const [h, k] of mapping.known) if (k === key) return h;
  return key;
}

/**
 * The record as a `drop` reader gives it (see {@link UnreadableCells}), from a record read with
 * `keep` and its issues: a copy without the cells that could not be read (the `error` issues of a
 * record that was read at all), or the record itself when there are none.
 *
 * @example
 * ```ts
 * withoutUnreadable({ r3: '农业户口X', r4: 1 }, [{ code: 'FLAT_VALUE_INVALID', key: 'r3', severity: 'error', … }]); //=> { r4: 1 }
 * ```
 */
export function withoutUnreadable(record: Record<string, unknown>, issues: readonly FlatIssue[] | undefined): Record<string, unknown> {
  const bad = issues?.filter((i) => i.severity === 'error' && i.key !== undefined);
  if (!bad?.length) return record;
  const copy: Record<string, unknown> = { ...record };
  if (copy.ext && typeof copy.ext === 'object') copy.ext = Object.fromEntries(Object.entries(copy.ext as Record<string, unknown>).map(([k, v]) => [k, v && typeof v === 'object' ? { ...(v as object) } : v]));
  for (const i of bad) dropValue(copy, i.key!);
  return copy;
}

/** Removes an unreadable value from a record (`ext.<id>.<key>` inside `ext`). */
function dropValue(record: Record<string, unknown>, key: string): void {
  if (!key.startsWith('ext.')) {
    delete record[key];
    return;
  }
  const [, id, k] = key.split('.');
  const ext = record.ext as Record<string, Record<string, unknown> | undefined> | undefined;
  if (ext?.[id!]) delete ext[id!]![k!];
}

/**
 * A row read by `fromFlatRow` or a `flatRowReader` as a {@link RowToRecord}: a row-level error
 * or a lost identity rejects it (with its column as headed in the file); an unreadable cell is
 * counted (kept or left out); normalisations and recoveries count as notes.
 */
function rowResult({ record, issues }: FromFlatRowResult, mapping: HeaderMapping): RowToRecord {
  if (issues.length === 0) return { ok: true, record, notes: 0 };
  let notes = 0;
  let unreadable = 0;
  let fatal: FlatIssue | undefined;
  for (const i of issues) {
    if (i.severity !== 'error') notes++;
    else if (i.key === undefined || ROW_ERRORS.has(i.code)) fatal ??= i;
    else if (i.key === 'resident_id' && ID_LOST.has(i.code) && !Number.isSafeInteger(i.from)) {
      // (A number within precision, such as a 15-digit legacy ID, keeps its digits: the checker reads it.)
      fatal ??= { ...i, code: 'ROW_NO_IDENTITY', message: `本行没有可用的身份号码：${i.message}${[...mapping.known.values()].includes('certificate_no') ? '；残疾人证号为空或无效，不能由它恢复' : ''}` };
    } else unreadable++;
  }
  if (fatal) {
    const column = fatal.column ? fileColumn(mapping, fatal.column) : fatal.key ? fileColumn(mapping, fatal.key) : undefined;
    return { ok: false, error: { code: fatal.code, message: fatal.message, ...(column ? { column } : {}) } };
  }
  // The changes made to the row's values and the cells not read, with the column as headed in the file.
  // (Rows reach fromFlatRow keyed by machine name, so an issue's column is the machine key of its cell.)
  const shown = (i: FlatIssue) => ({ ...i, column: fileColumn(mapping, i.column || i.key || '') });
  const normalised = notes ? issues.filter((i) => i.severity !== 'error').map(shown) : undefined;
  if (!unreadable) return { ok: true, record, notes, ...(normalised ? { normalised } : {}) };
  const bad = issues.filter((i) => i.severity === 'error');
  if (mapping.unreadableCells === 'drop') for (const i of bad) dropValue(record, i.key!);
  return { ok: true, record, notes, ...(normalised ? { normalised } : {}), unreadable: bad.map(shown) };
}

/**
 * Reads the rows of one CSV file, given as cells in the order of `header`, the way
 * {@link rowToRecord} reads their row objects: by column index (`flatRowReader` of `@canji/form`
 * over the machine keys the headers map to), every column's key in every record — `undefined` for
 * a blank cell — so the records share one object shape and the rules read them fast.
 *
 * @example
 * ```ts
 * const read = cellsReader(['resident_id', 'r3', '备注'], mapHeaders(['resident_id', 'r3', '备注']));
 * read(['11010519491231002X', '1', '随便写的']); //=> { ok: true, record: { resident_id: '11010519491231002X', r3: 1 }, notes: 0 }
 * ```
 */
export function cellsReader(header: readonly string[], mapping: HeaderMapping): (cells: readonly string[]) => RowToRecord {
  // Each mapped column once (the mapping keeps the first of two headers naming one item).
  const fast = flatRowReader(
    header.map((h) => mapping.known.get(h) ?? null),
    { fixedShape: true, ...flatOptions(mapping.formVersion, mapping.idFromCertificate) },
  );
  if (fast) return (cells) => rowResult(fast(cells), mapping);
  return (cells) => rowToRecord(rowObject(header, cells), mapping);
}

/** The person-record reader of one file (see {@link personRowReader}). */
export interface PersonRowReader {
  mapping: HeaderMapping;
  /** Reads a row item (CSV cells or a row object) into a person record. */
  read(item: Extract<RowItem, { kind: 'cells' | 'row' }>): RowToRecord;
}

/**
 * The reader of a file's rows into person records, for its header: the header resolved once,
 * CSV cells read by {@link cellsReader}, row objects (XLSX, JSON Lines) by {@link rowToRecord}.
 * The same reader runs in the main thread and in the check workers.
 *
 * @example
 * ```ts
 * const reader = personRowReader(['resident_id', 'r3'], { formVersion: '2017' });
 * reader.read({ kind: 'cells', rowNumber: 2, cells: ['11010519491231002X', '1'] }).ok; //=> true
 * ```
 */
export function personRowReader(columns: readonly string[], opts: MapHeadersOptions = {}): PersonRowReader {
  const mapping = mapHeaders(columns, opts);
  const readCells = cellsReader(columns, mapping);
  return { mapping, read: (item) => (item.kind === 'cells' ? readCells(item.cells) : rowToRecord(item.row, mapping)) };
}
