import { canonicalDigits, levelOfLength, structuralAncestors } from './codes.js';
import { RegionTable, type TableRow } from './table.js';
import type { RegionError, RegionStatus } from './types.js';

/** One row of an office's own table. */
export interface RegionTableRow {
  /** 2/4/6/9/12-digit code or its zero-padded 6- or 12-digit form. */
  code: string;
  name: string;
  /** Parent code, if the table gives one; checked against the code structure. */
  parent?: string;
  /** Default `current`. */
  status?: RegionStatus;
}

/** Error codes of {@link createRegionTable} and {@link loadRegionTable}. */
export type RegionTableErrorCode =
  | 'REGION_TABLE_EMPTY'
  | 'REGION_CSV_HEADER'
  | 'REGION_CSV_ROW'
  | 'REGION_CODE_FORMAT'
  | 'REGION_NAME_EMPTY'
  | 'REGION_CODE_DUPLICATE'
  | 'REGION_PARENT_MISSING'
  | 'REGION_PARENT_MISMATCH'
  | 'REGION_STATUS_INVALID';

export interface RegionTableError extends RegionError {
  code: RegionTableErrorCode;
  /** 1-based row number (data rows; the CSV header is row 0). */
  row?: number;
  /** The code the error is about, as written. */
  value?: string;
}

/** What `createRegionTable` returns: the table, or the first error and every error found. */
export type RegionTableResult = { ok: true; value: RegionTable } | { ok: false; error: RegionTableError; errors: RegionTableError[] };

/** Options of `createRegionTable`: the table's description, how many row errors to report, and a table whose units complete the ancestors. */
export interface CreateRegionTableOptions {
  /** What the table is (source, date), kept in `table.description`. */
  description?: string;
  /** Stop collecting errors after this many (default 100). */
  maxErrors?: number;
  /**
   * Where to take the units above the rows from when the rows leave them out — a county office's
   * table of its townships and villages, completed up to the province from the built-in table:
   * `createRegionTable(rows, { ancestors: defaultRegionTable() })`. Rows always win.
   */
  ancestors?: RegionTable;
}

/**
 * Builds a table from an office's own rows (code, name[, parent][, status]), checked against the
 * coding rules of GB/T 2260 and the statistical division code: digits only, 2/4/6/9/12 digits
 * (zero-padded 6/12 accepted), no duplicate codes, a name on every row, and every unit's parent
 * present — the unit one level up, or higher where the code's segment for that level is all
 * zeros (a township coded `441900003` hangs on `4419`). All errors are listed, each with its row.
 * The result works everywhere the built-in table does.
 *
 * @example
 * const r = createRegionTable([
 *   { code: '43', name: '湖南省' }, { code: '4301', name: '长沙市' }, { code: '430104', name: '岳麓区' },
 * ]);
 * r.ok && getRegion('430104', r.value)?.fullName //=> '湖南省长沙市岳麓区'
 */
export function createRegionTable(rows: readonly RegionTableRow[], opts: CreateRegionTableOptions = {}): RegionTableResult {
  const max = opts.maxErrors ?? 100;
  const errors: RegionTableError[] = [];
  const push = (e: RegionTableError) => { if (errors.length < max) errors.push(e); };
  if (!rows.length) {
    const e: RegionTableError = { code: 'REGION_TABLE_EMPTY', message: '区划表没有数据行' };
    return { ok: false, error: e, errors: [e] };
  }
  const byCode = new Map<string, TableRow & { row: number; parent?: string; rawParent?: string }>();
  rows.forEach((r, i) => {
    const row = i + 1;
    const raw = String(r.code ?? '').trim();
    const code = /^\d+$/.test(raw) ? canonicalDigits(raw) : undefined;
    if (!code) {
      // Excel's General format shows 12-digit numbers as 4.30104E+11 and saves a CSV as shown.
      const sci = /^\s*\d(?:\.\d+)?e\+?\d+\s*$/i.test(String(raw)) ? '；这是电子表格的科学计数法显示，后几位已经丢失，请把该列设为文本后重新导出' : '';
      push({ code: 'REGION_CODE_FORMAT', message: `第${row}行：区划代码“${raw}”不符合编码规则（应为2、4、6、9或12位数字）${sci}`, row, value: raw });
      return;
    }
    const name = String(r.name ?? '').trim();
    if (!name) push({ code: 'REGION_NAME_EMPTY', message: `第${row}行：区划代码 ${raw} 缺少名称`, row, value: raw });
    const status = r.status ?? 'current';
    if (status !== 'current' && status !== 'abolished') {
      push({ code: 'REGION_STATUS_INVALID', message: `第${row}行：状态“${String(status)}”应为 current 或 abolished`, row, value: raw });
    }
    if (byCode.has(code)) {
      push({ code: 'REGION_CODE_DUPLICATE', message: `第${row}行：区划代码 ${raw} 与第${byCode.get(code)!.row}行重复`, row, value: raw });
      return;
    }
    let parent: string | undefined;
    const rawParent = r.parent === undefined || r.parent === null ? '' : String(r.parent).trim();
    if (rawParent) {
      parent = /^\d+$/.test(rawParent) ? canonicalDigits(rawParent) : undefined;
      if (!parent) push({ code: 'REGION_CODE_FORMAT', message: `第${row}行：上级代码“${rawParent}”不符合编码规则`, row, value: rawParent });
    }
    byCode.set(code, { code, name, status: status === 'abolished' ? 'abolished' : 'current', row, ...(parent ? { parent, rawParent } : {}) });
  });
  if (opts.ancestors) {
    // Complete the chain above each row from the given table (parents first, so walk top-down).
    for (const r of [...byCode.values()]) {
      for (const a of structuralAncestors(r.code).reverse()) {
        if (byCode.has(a)) continue;
        const u = opts.ancestors.get(a);
        if (u) byCode.set(a, { code: a, name: u.name, status: u.status, row: 0 });
      }
    }
  }
  for (const r of byCode.values()) {
    if (r.row === 0) continue;
    if (r.code.length === 2) {
      if (r.parent) push({ code: 'REGION_PARENT_MISMATCH', message: `第${r.row}行：省级区划 ${r.code} 不应有上级代码`, row: r.row, value: r.code });
      continue;
    }
    // The nearest ancestor the code structure names (zero segments skip a level).
    const expected = structuralAncestors(r.code)[0];
    if (!expected || !byCode.has(expected)) {
      push({
        code: 'REGION_PARENT_MISSING',
        message: `第${r.row}行：区划代码 ${r.code}（${levelName(r.code)}）的上级 ${expected ?? '?'} 不在表中`,
        row: r.row,
        value: r.code,
      });
    }
    if (r.parent && r.parent !== expected) {
      push({ code: 'REGION_PARENT_MISMATCH', message: `第${r.row}行：上级代码 ${r.rawParent} 与区划代码 ${r.code} 的结构不符（应为 ${expected}）`, row: r.row, value: r.code });
    }
  }
  if (errors.length) return { ok: false, error: errors[0]!, errors };
  const sorted = [...byCode.values()].sort((a, b) => a.code.length - b.code.length || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return { ok: true, value: new RegionTable(sorted.map(({ code, name, status }) => ({ code, name, status: status ?? 'current' })), opts.description ?? 'office table') };
}

function levelName(code: string): string {
  const l = levelOfLength(code.length);
  switch (l) {
    case 'province': return '省级';
    case 'prefecture': return '地级';
    case 'county': return '县级';
    case 'township': return '乡级';
    case 'village': return '村级';
    case undefined: return '?';
    default: return l satisfies never;
  }
}

/**
 * RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF, optional BOM. The delimiter is a comma,
 * or a tab / semicolon when the header line has one of those and no comma (Excel's "Unicode text"
 * export, locales whose list separator is `;`). @internal
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  const firstLine = text.slice(0, Math.max(0, text.search(/[\r\n]/)) || text.length);
  const delimiter = firstLine.includes(',') ? ',' : firstLine.includes('\t') ? '\t' : firstLine.includes(';') ? ';' : ',';
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') { field += '"'; i++; } else quoted = false;
      } else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === delimiter) { row.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field); field = '';
      if (row.length > 1 || row[0] !== '') rows.push(row);
      row = [];
    } else field += c;
  }
  row.push(field);
  if (row.length > 1 || row[0] !== '') rows.push(row);
  return rows;
}

const HEADER_ALIASES: Record<'code' | 'name' | 'parent' | 'status', readonly string[]> = {
  code: ['code', '区划代码', '代码', '统计用区划代码', '行政区划代码'],
  name: ['name', '名称', '区划名称', '单位名称', '行政区划名称'],
  parent: ['parent', 'parent_code', '上级代码', '上级区划代码', '上级', '父级代码'],
  status: ['status', '状态'],
};

/**
 * Reads an office's table from CSV text with a header row naming the columns `code`, `name` and
 * optionally `parent` and `status` (or 区划代码, 名称, 上级代码, 状态), then checks it as
 * {@link createRegionTable} does. Row numbers in errors count data rows from 1.
 *
 * @example
 * const r = loadRegionTable('code,name\n43,湖南省\n4301,长沙市\n');
 * r.ok && childrenOf('43', {}, r.value).length //=> 1
 */
export function loadRegionTable(csvText: string, opts: CreateRegionTableOptions = {}): RegionTableResult {
  const rows = parseCsv(typeof csvText === 'string' ? csvText : '');
  if (!rows.length) {
    const e: RegionTableError = { code: 'REGION_TABLE_EMPTY', message: '区划表没有数据行' };
    return { ok: false, error: e, errors: [e] };
  }
  const header = rows[0]!.map((h) => h.trim().toLowerCase());
  const col = (k: keyof typeof HEADER_ALIASES) => header.findIndex((h) => HEADER_ALIASES[k].includes(h));
  const ci = col('code');
  const ni = col('name');
  if (ci < 0 || ni < 0) {
    const e: RegionTableError = { code: 'REGION_CSV_HEADER', message: `表头应包含 code 与 name 列（或 区划代码、名称），实际为：${rows[0]!.join(',')}` };
    return { ok: false, error: e, errors: [e] };
  }
  const pi = col('parent');
  const si = col('status');
  const out: RegionTableRow[] = [];
  const errors: RegionTableError[] = [];
  rows.slice(1).forEach((r, i) => {
    if (r.length <= Math.max(ci, ni)) {
      errors.push({ code: 'REGION_CSV_ROW', message: `第${i + 1}行：列数不足（${r.length}）`, row: i + 1 });
      out.push({ code: '', name: '' });
      return;
    }
    const status = si >= 0 ? (r[si] ?? '').trim() : '';
    out.push({
      code: r[ci]!,
      name: r[ni]!,
      ...(pi >= 0 && r[pi] ? { parent: r[pi]! } : {}),
      ...(status ? { status: (status === '撤销' ? 'abolished' : status === '现行' ? 'current' : status) as RegionStatus } : {}),
    });
  });
  const res = createRegionTable(out, opts);
  if (errors.length) {
    const all = [...errors, ...(res.ok ? [] : res.errors.filter((e) => !errors.some((x) => x.row === e.row)))].sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
    return { ok: false, error: all[0]!, errors: all };
  }
  return res;
}
