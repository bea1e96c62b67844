/**
 * `--dept education=FILE`: partner departments' extracts read with `@canji/form`'s
 * `parseExtractRow` (Chinese headers, 是/否, 15-digit IDs …) and indexed for the cross-checks.
 */
import { createExtractReader, DEPARTMENT_IDS, DEPARTMENT_NAMES, getExtractDepartment, isDepartmentId, type ExtractDepartmentId, type ExtractFieldType, type ExtractNoticeCount, type ExtractRowResult } from '@canji/form';

/** Field types whose values a terminal line may show as an example (no personal data). */
const SHOWN_TYPES: ReadonlySet<ExtractFieldType> = new Set(['yes-no', 'code', 'sex', 'month', 'period', 'year']);
import { createDepartmentIndexBuilder, KeyIndex, type DepartmentIndex } from '@canji/rules';
import { CliError, type CliIo } from './io.js';
import { openInput, rejectLine, titleNotice, type Reject } from './read.js';
import { createChunkReader, type RowItem } from './chunks.js';
import type { RowError } from './sources.js';
import type { TextEncoding } from './encoding.js';

/** Department names `--dept` accepts besides the ids: the departments' usual short names. */
const ALIASES: Readonly<Record<string, ExtractDepartmentId | undefined>> = {
  教育: 'education',
  学籍: 'education',
  民政: 'civil-affairs',
  人社: 'social-security',
  社保: 'social-security',
  住建: 'housing',
  卫健: 'health',
  卫生: 'health',
  乡村振兴: 'poverty-relief',
  扶贫: 'poverty-relief',
  公安: 'public-security',
  户籍: 'public-security',
};

/** Parses `education=xueji.csv` (or `教育=学籍.csv`). */
export function parseDeptOption(spec: string): { department: ExtractDepartmentId; path: string } {
  const i = spec.indexOf('=');
  if (i <= 0 || i === spec.length - 1) throw new CliError('USAGE_DEPT', `--dept 的写法是 部门=文件，例如 --dept education=xueji.csv（收到“${spec}”）`);
  const name = spec.slice(0, i).trim();
  const department = isDepartmentId(name) ? name : Object.hasOwn(ALIASES, name) ? ALIASES[name] : undefined;
  if (!department) {
    throw new CliError('USAGE_DEPT', `未知部门“${name}”：可用 ${DEPARTMENT_IDS.join('、')}（或 ${Object.keys(ALIASES).join('、')}）`);
  }
  return { department, path: spec.slice(i + 1) };
}

export interface LoadedDepartment {
  department: ExtractDepartmentId;
  path: string;
  index: DepartmentIndex;
  read: number;
  rejected: number;
  firstRejects: Reject[];
  /** What the reader normalised (是 → 1, lower-case x, 2023年1月 → 2023-01 …), counted by column. */
  notices: ExtractNoticeCount[];
  /** The earliest and latest `period` of the rows taken (the roster's period), when the rows give one. */
  periodFrom?: string;
  periodTo?: string;
}

/**
 * The key numbering of the departments read for one command (one `io`): a person's ID kept once
 * for all seven extracts, and each record of the batch looked up once for all of them.
 */
const sharedKeys = new WeakMap<CliIo, KeyIndex>();

/**
 * Reads a department's extract with `@canji/form`'s reader and indexes its rows: by default in a
 * JavaScript index for the cross-checks; with `indexer`, wherever it puts them (the DuckDB engine
 * of `canji check --engine duckdb` appends them to a table and hands back an index of its own).
 */
export async function loadDepartment(
  io: CliIo,
  department: ExtractDepartmentId,
  path: string,
  opts: { encoding?: TextEncoding; asOf?: string; indexer?: (rows: AsyncIterable<Record<string, unknown>[]>) => Promise<DepartmentIndex> },
): Promise<LoadedDepartment> {
  const source = await openInput(io, path, opts);
  const out: { read: number; rejected: number; firstRejects: Reject[]; periodFrom?: string; periodTo?: string } = { read: 0, rejected: 0, firstRejects: [] };
  // One reader per file: each distinct value of a column read once, normalisations counted.
  const reader = createExtractReader(department, opts.asOf ? { asOf: opts.asOf } : {});
  // With `indexer`: the rows of a chunk, handed over a chunk at a time (one await per chunk, not per
  // row). Otherwise each row goes into the JavaScript index as it is read (CSV rows as values by
  // column: no record object per row).
  let keys = sharedKeys.get(io);
  if (!keys && !opts.indexer) sharedKeys.set(io, (keys = new KeyIndex()));
  const builder = opts.indexer ? undefined : createDepartmentIndexBuilder(department, { canonicalIds: true, keys: keys! });
  let batch: Record<string, unknown>[] = [];
  const period = (p: unknown) => {
    if (typeof p === 'string' && p !== '') {
      if (out.periodFrom === undefined || p < out.periodFrom) out.periodFrom = p;
      if (out.periodTo === undefined || p > out.periodTo) out.periodTo = p;
    }
  };
  const take = (rowNumber: number, r: ExtractRowResult<Record<string, unknown>>) => {
    if (r.ok) {
      period(r.record.period);
      if (builder) builder.add(r.record);
      else batch.push(r.record);
      return;
    }
    out.rejected++;
    if (out.firstRejects.length < 5) {
      const e = r.issues.find((x) => x.severity === 'error') ?? r.issues[0];
      out.firstRejects.push({ rowNumber, error: { code: e?.code ?? 'EXTRACT_ROW', message: e?.message ?? '无法读取', ...(e?.column ? { column: e.column } : {}) } });
    }
  };
  const reject = (rowNumber: number, error: RowError) => {
    out.read++;
    out.rejected++;
    if (out.firstRejects.length < 5) out.firstRejects.push({ rowNumber, error });
  };
  // A CSV row as its cells, read by column index (the header resolved once: `forColumns`).
  let readCells: ((cells: readonly unknown[]) => ExtractRowResult<Record<string, unknown>>) | undefined;
  let readValues: ((cells: readonly unknown[]) => ExtractRowResult<Record<string, unknown>> | undefined) | undefined;
  const onItem = (item: RowItem) => {
    switch (item.kind) {
      case 'header': {
        if (item.skipped) io.stderr(titleNotice(item.skipped));
        readCells = reader.forColumns(item.columns);
        readValues = undefined;
        const values = builder && reader.forColumnValues(item.columns);
        if (builder && values) {
          const add = builder.forFields(values.fields);
          const periodSlot = values.fields.indexOf('period');
          readValues = (cells) => {
            const r = values.read(cells);
            if (r !== undefined) return r;
            if (periodSlot >= 0) period(values.values[periodSlot]);
            add(values.values, values.remembered);
            return undefined;
          };
        }
        return;
      }
      case 'cells': {
        out.read++;
        if (readValues) {
          const r = readValues(item.cells);
          if (r !== undefined) take(item.rowNumber, r);
        } else take(item.rowNumber, readCells ? readCells(item.cells) : reader.read({}));
        return;
      }
      case 'row':
        out.read++;
        take(item.rowNumber, reader.read(item.row));
        return;
      case 'reject':
        reject(item.rowNumber, item.error);
        return;
      case 'skipped':
        return;
    }
  };
  async function* batches(): AsyncGenerator<Record<string, unknown>[]> {
    const text = source.text;
    if (text) {
      const chunks = createChunkReader(text.reader);
      for await (const c of text.chunks()) {
        chunks.read(c.bytes, c.firstLine, onItem, c.broken);
        if (batch.length) {
          yield batch;
          batch = [];
        }
      }
      chunks.end(onItem);
    } else {
      for await (const items of source.batches()) {
        for (const item of items) onItem(item);
        if (batch.length) {
          yield batch;
          batch = [];
        }
      }
    }
    if (batch.length) yield batch;
  }
  let index: DepartmentIndex;
  if (opts.indexer) index = await opts.indexer(batches());
  else {
    for await (const _ of batches()); // the rows go into the builder as they are read
    index = builder!.index;
  }
  return { department, path, index, notices: reader.notices().filter((n) => n.code !== 'EXTRACT_HEADER_ALIAS'), ...out };
}

/** What was read of a department's extract, as printed: `部门数据 …：读取 N 行 = 采用 A 行 + 拒收 R 行，P 人` and the first rejected rows. */
export function departmentSummary(d: LoadedDepartment): string {
  const lines = [`部门数据 ${DEPARTMENT_NAMES[d.department]}（${d.path}）：读取 ${d.read} 行 = 采用 ${d.read - d.rejected} 行 + 拒收 ${d.rejected} 行，${d.index.size} 人\n`];
  for (const r of d.firstRejects) lines.push(`  ${rejectLine(r)}\n`);
  const shown = d.notices.slice(0, 4);
  const fields = getExtractDepartment(d.department)?.fields ?? [];
  for (const n of shown) {
    // An example value only where it is a code, a yes/no, a month: never an ID number, a name or an address.
    const type = fields.find((f) => f.key === n.field)?.type;
    const safe = type !== undefined && SHOWN_TYPES.has(type);
    lines.push(safe ? `  已规范 ${n.count} 行：${n.example}${n.count > 1 ? ' 等' : ''}\n` : `  已规范 ${n.count} 行：列“${n.column ?? n.field ?? ''}”的写法（${n.code === 'EXTRACT_ID_NORMALISED' ? '身份证号的小写 x、全角数字、15 位旧号等' : '空格、全角字符等'}）已规范\n`);
  }
  if (d.notices.length > shown.length) lines.push(`  …另有 ${d.notices.length - shown.length} 列的写法已规范\n`);
  return lines.join('');
}
