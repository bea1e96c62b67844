/**
 * `canji verify <returned lists or a directory>`: reads the department lists back as the
 * departments returned them (edited in Excel or WPS, or the CSV), matches every row with the
 * manifest the check run wrote (`清单.json`), validates each 核实结果, and writes the closure
 * figures, the corrections to apply and the items still open. Nothing in a returned file is
 * silently ignored: extra columns, unknown rows and changed cells are reported.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import {
  LIST_HEADERS,
  VERIFICATION_ANSWERS,
  openItemsFile,
  parseVerificationManifest,
  verificationStatus,
  verifyReturnedLists,
  type ClosureRow,
  type DepartmentId,
  type ReturnedRow,
  type VerificationEntry,
  type VerificationFinding,
  type VerificationManifest,
  type VerificationResult,
} from '@canji/rules';
import { MANIFEST_FILE, listBaseName } from '../dept-lists.js';
import { zodMessagesInChinese } from '../zod-zh.js';
import { CliError, EXIT, pathIn, type CliIo, type ExitCode } from '../io.js';
import { checkOutputDir, writeOutput } from '../output-file.js';
import { generatedDate } from '../report-meta.js';
import { headerKey, readTables, type ReadCell, type ReadTable } from '../sheets-read.js';
import { writeCsvTable, writeWorkbook, type SheetColumn, type SheetValue } from '../sheets.js';

/** The options of `canji verify` as the command line gives them (see `canji verify --help`). */
export interface VerifyOptions {
  /** The manifest (default: `清单.json` beside the first returned file, or in the directory given). */
  manifest?: string;
  /** Output directory (default: `核实结果` beside the manifest). */
  out?: string;
  /** `--json`: one JSON summary on stdout (see {@link verifySummary}); the lines for people go to stderr. */
  json?: boolean;
}

/**
 * Output file names of `canji verify` in its output directory.
 *
 * @example
 * ```ts
 * const status = JSON.parse(readFileSync(join('核实结果', VERIFY_OUTPUTS.status), 'utf8')); // counts only
 * ```
 */
export const VERIFY_OUTPUTS = {
  summary: '核实汇总.xlsx',
  corrections: '更正清单',
  open: '未结事项',
  /** Counts only (no names or IDs): what `canji check --verification` prints in the report. */
  status: '核实状态.json',
} as const;

const H = LIST_HEADERS;
const KNOWN = new Set([...Object.values(H), '记录序号'].map(headerKey));
const SHOWN_HEADERS = [H.name, H.residentId, H.recorded, H.department];

async function inputFiles(io: CliIo, paths: readonly string[]): Promise<{ files: string[]; dirs: string[] }> {
  const files: string[] = [];
  const dirs: string[] = [];
  for (const p of paths) {
    const abs = pathIn(io, p);
    let st;
    try {
      st = await stat(abs);
    } catch {
      throw new CliError('VERIFY_INPUT_MISSING', `找不到“${p}”`);
    }
    if (st.isDirectory()) {
      dirs.push(abs);
      for (const f of (await readdir(abs)).sort()) {
        if (f.startsWith('.') || f.startsWith('~$')) continue;
        if (/\.(xlsx|csv)$/i.test(f) && !Object.values(VERIFY_OUTPUTS).some((o) => f.startsWith(o.replace(/\.xlsx$/, '')))) files.push(join(abs, f));
      }
    } else files.push(abs);
  }
  if (files.length === 0) throw new CliError('VERIFY_NO_INPUT', '没有找到要读取的返回清单（.xlsx 或 .csv）');
  return { files, dirs };
}

async function loadManifest(io: CliIo, o: VerifyOptions, files: string[], dirs: string[]): Promise<{ path: string; manifest: VerificationManifest }> {
  const path = o.manifest ? pathIn(io, o.manifest) : join(dirs[0] ?? dirname(files[0]!), MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new CliError('VERIFY_NO_MANIFEST', `找不到清单说明文件“${path}”：它由 canji check --discrepancies 写在清单旁边；不在同一目录时用 --manifest 指定`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new CliError('VERIFY_MANIFEST_INVALID', `清单说明文件“${path}”不是有效的 JSON`);
  }
  const m = parseVerificationManifest(data);
  if (!m.ok) throw new CliError(m.error.code, m.error.message);
  return { path, manifest: m.value };
}

const textOf = (c: ReadCell): string | undefined => (c === undefined ? undefined : c instanceof Date ? c.toISOString().slice(0, 10) : String(c));
const colName = (i: number) => {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
};

/** The returned rows of one table, and what was found about its columns and cells. */
function rowsOfTable(file: string, table: ReadTable, department: DepartmentId | undefined, findings: VerificationFinding[]): ReturnedRow[] {
  const col = new Map<string, number>();
  table.headers.forEach((h, i) => {
    const k = headerKey(h);
    if (k && !col.has(k)) col.set(k, i);
  });
  const at = (h: string) => col.get(headerKey(h));
  const loc = (row: number) => ({ file, ...(table.sheet ? { sheet: table.sheet } : {}), row });
  for (const h of [H.person, H.date]) {
    if (at(h) === undefined) findings.push({ code: 'VERIFY_MISSING_COLUMN', severity: 'error', location: loc(table.headerRow), message: `${file}缺少“${h}”列：已答复的行都因此无效` });
  }
  // Columns that are not the list's: reported with how many cells hold something.
  const width = Math.max(table.headers.length, ...table.rows.map((r) => r.cells.length));
  for (let i = 0; i < width; i++) {
    const h = table.headers[i] ?? '';
    if (h !== '' && KNOWN.has(headerKey(h))) continue;
    const filled = table.rows.filter((r) => r.cells[i] !== undefined && String(r.cells[i]).trim() !== '').length;
    if (h === '' && filled === 0) continue;
    findings.push({
      code: 'VERIFY_EXTRA_COLUMN',
      severity: 'notice',
      location: loc(table.headerRow),
      message: `${file}${table.sheet ? `（工作表“${table.sheet}”）` : ''}第 ${colName(i)} 列“${h || '（无表头）'}”不是清单的列，有 ${filled} 个单元格有内容：未使用（核实情况请写在“备注”列）`,
    });
  }
  const idCol = at(H.id)!;
  const out: ReturnedRow[] = [];
  for (const r of table.rows) {
    if (r.cells.every((c) => c === undefined || String(c).trim() === '')) continue;
    for (const f of r.formulaColumns) {
      findings.push({ code: 'VERIFY_FORMULA_CELL', severity: 'notice', location: loc(r.row), message: `${file}第 ${r.row} 行 ${colName(f)} 列是公式，按其结果“${textOf(r.cells[f]) ?? ''}”读取` });
    }
    const rawId = textOf(r.cells[idCol]) ?? '';
    const id = rawId.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
    if (id !== rawId.trim() && id !== '') {
      findings.push({ code: 'VERIFY_ID_NORMALIZED', severity: 'notice', location: loc(r.row), id, message: `${file}第 ${r.row} 行：核查编号“${rawId}”按“${id}”读取` });
    }
    const pick = (h: string) => {
      const i = at(h);
      return i === undefined ? undefined : r.cells[i];
    };
    const shown: Record<string, string> = {};
    for (const h of SHOWN_HEADERS) {
      const v = pick(h);
      if (at(h) !== undefined) shown[h] = textOf(v) ?? '';
    }
    const row: ReturnedRow = { id, answer: pick(H.answer), remark: pick(H.remark), person: pick(H.person), date: pick(H.date), location: loc(r.row), shown };
    if (department) row.fileDepartment = department;
    out.push(row);
  }
  return out;
}

/** The department a returned file is for, from its name (`公安部门待核实清单（已核实）.xlsx`). */
function departmentOfFile(file: string, manifest: VerificationManifest): DepartmentId | undefined {
  const name = basename(file);
  return manifest.lists.find((l) => name.includes(listBaseName(l.department)))?.department;
}

async function sha256(path: string): Promise<string> {
  return createHash('sha256').update(await readFile(path)).digest('hex');
}

/** Reads every returned file into rows and findings. */
async function readReturned(files: string[], manifest: VerificationManifest, manifestPath: string): Promise<{ rows: ReturnedRow[]; findings: VerificationFinding[] }> {
  const rows: ReturnedRow[] = [];
  const findings: VerificationFinding[] = [];
  const sent = new Map<string, string>();
  for (const l of manifest.lists) for (const f of l.files) sent.set(f.sha256, f.name);
  const names = new Set(files.map((f) => basename(f).toLowerCase()));
  for (const path of files) {
    if (path === manifestPath) continue;
    const file = basename(path);
    // The CSV sent beside the XLSX, returned untouched together with the XLSX: the copy is not read twice.
    if (extname(file).toLowerCase() === '.csv' && names.has(file.replace(/\.csv$/i, '.xlsx').toLowerCase()) && sent.get(await sha256(path)) === file) {
      findings.push({ code: 'VERIFY_UNCHANGED_COPY', severity: 'notice', message: `${file}与发出时完全相同，且同名 .xlsx 也在：只读取 .xlsx` });
      continue;
    }
    const { tables, otherSheets } = await readTables(path, [H.id, H.answer]);
    if (tables.length === 0) {
      findings.push({ code: 'VERIFY_NO_TABLE', severity: 'error', message: `${file}中没有找到清单的表头（“${H.id}”和“${H.answer}”两列）：这个文件没有读取` });
      continue;
    }
    for (const s of otherSheets) findings.push({ code: 'VERIFY_EXTRA_SHEET', severity: 'notice', message: `${file}的工作表“${s.sheet}”（${s.rows} 行）不是清单：未读取` });
    const dept = departmentOfFile(file, manifest);
    for (const t of tables) rows.push(...rowsOfTable(file, t, dept, findings));
  }
  return { rows, findings };
}

const pct = (x: number) => x;
const CLOSURE_COLUMNS = (first: SheetColumn[]): SheetColumn[] => [
  ...first,
  { header: '清单条数', kind: 'integer' },
  { header: '已答复', kind: 'integer' },
  { header: '答复率', kind: 'percent' },
  ...VERIFICATION_ANSWERS.map((a): SheetColumn => ({ header: a, kind: 'integer', width: 14 })),
  { header: '答复无效', kind: 'integer' },
  { header: '未答复', kind: 'integer' },
  { header: '已办结率', kind: 'percent', width: 10 },
];
const closureCells = (c: ClosureRow): SheetValue[] => [c.listed, c.answered, pct(c.rate), ...VERIFICATION_ANSWERS.map((a) => c.byAnswer[a]), c.invalid, c.unanswered, pct(c.closedRate)];

/** The columns saying which item and whose record: the same first columns in 需更正 and 未结事项. */
const ITEM_COLUMNS: SheetColumn[] = [
  { header: H.id, width: 16 },
  { header: '部门', width: 16 },
  { header: H.township, width: 12 },
  { header: H.village, width: 14 },
  { header: H.row, kind: 'integer' },
  { header: H.name },
  { header: H.residentId, width: 21 },
];
/** The cells of {@link ITEM_COLUMNS} for one item of the manifest. */
const itemCells = (id: string, department: string, e: VerificationEntry): SheetValue[] => [
  id,
  department,
  e.townshipName ?? e.townshipCode ?? '',
  e.villageName ?? e.villageCode ?? '',
  e.rowNumber ?? e.index + 1,
  e.name ?? '',
  e.shownId,
];

const CORRECTION_COLUMNS: SheetColumn[] = [
  ...ITEM_COLUMNS,
  { header: '项目代码' },
  { header: H.item, width: 24 },
  { header: '更正方式' },
  { header: '更正值' },
  { header: '更正内容', width: 40 },
  { header: H.department, width: 24 },
  { header: H.person },
  { header: H.date, kind: 'date' },
  { header: H.remark, width: 24 },
];
const OP_ZH = { set: '改为', add: '增加', remove: '去掉' } as const;

function correctionRows(result: VerificationResult, manifest: VerificationManifest): SheetValue[][] {
  const names = new Map(manifest.lists.map((l) => [l.department, l.departmentName]));
  return result.corrections.map((c) => [
    ...itemCells(c.id, names.get(c.department) ?? c.department, c.entry),
    c.correction?.item ?? c.entry.item ?? '',
    c.entry.itemTitle ?? '',
    c.correction ? OP_ZH[c.correction.op] : '人工核对',
    c.correction ? (Array.isArray(c.correction.value) ? c.correction.value.join(',') : String(c.correction.value)) : '',
    c.correction?.label ?? `按部门数据人工更正：${c.entry.departmentLabel}`,
    c.entry.departmentLabel,
    c.person ?? '',
    c.date ?? '',
    c.remark ?? '',
  ]);
}

const OPEN_COLUMNS: SheetColumn[] = [
  ...ITEM_COLUMNS,
  { header: H.rule, width: 36 },
  { header: '未结原因' },
  { header: H.remark, width: 24 },
];
function openRows(result: VerificationResult, manifest: VerificationManifest): SheetValue[][] {
  const names = new Map(manifest.lists.map((l) => [l.department, l.departmentName]));
  return result.open.map((i) => [
    ...itemCells(i.entry.id, names.get(i.department) ?? i.department, i.entry),
    i.entry.ruleTitle,
    i.open ?? '',
    i.remark ?? '',
  ]);
}

const FINDING_COLUMNS: SheetColumn[] = [{ header: '类别' }, { header: '代码', width: 28 }, { header: '文件', width: 30 }, { header: '工作表' }, { header: '行', kind: 'integer' }, { header: H.id, width: 16 }, { header: '说明', width: 80 }];
const findingRows = (fs: readonly VerificationFinding[]): SheetValue[][] =>
  fs.map((f) => [f.severity === 'error' ? '错误' : '提示', f.code, f.location?.file ?? '', f.location?.sheet ?? '', f.location?.row, f.id ?? '', f.message]);

async function writeOutputs(dir: string, manifest: VerificationManifest, result: VerificationResult, files: readonly string[]): Promise<string[]> {
  const personal = { personal: true };
  const summary = join(dir, VERIFY_OUTPUTS.summary);
  const corrections = correctionRows(result, manifest);
  const open = openRows(result, manifest);
  await writeWorkbook(
    summary,
    [
      {
        name: '按部门',
        caption: ['部门核实情况汇总', `清单生成于 ${manifest.createdAt.slice(0, 10)}（数据文件 ${manifest.source.file}）；答复率 = 已答复 / 清单条数，已办结 = 以残联数据为准 + 以部门数据为准`],
        columns: CLOSURE_COLUMNS([{ header: '部门', width: 30 }]),
        rows: [...result.byDepartment.map((c) => [c.departmentName ?? c.department ?? '', ...closureCells(c)]), ['合计', ...closureCells(result.total)]],
      },
      { name: '按乡镇', columns: CLOSURE_COLUMNS([{ header: H.township, width: 16 }]), rows: result.byTownship.map((c) => [c.townshipName ?? c.townshipCode ?? '', ...closureCells(c)]) },
      { name: '需更正', caption: ['核实结果为“以部门数据为准”的记录：按此更正残联登记数据'], columns: CORRECTION_COLUMNS, rows: corrections },
      { name: '未结事项', caption: ['未答复、答复无效、无法核实、双方均需更正的记录：转入下一轮核实'], columns: OPEN_COLUMNS, rows: open },
      { name: '读取问题', caption: ['读取返回清单时发现的问题（错误：该行答复未使用；提示：读取方式或未使用的内容）'], columns: FINDING_COLUMNS, rows: findingRows(result.findings) },
    ],
    personal,
  );
  const cPath = join(dir, `${VERIFY_OUTPUTS.corrections}.csv`);
  const cJson = join(dir, `${VERIFY_OUTPUTS.corrections}.json`);
  const oPath = join(dir, `${VERIFY_OUTPUTS.open}.csv`);
  const oJson = join(dir, `${VERIFY_OUTPUTS.open}.json`);
  await writeCsvTable(cPath, CORRECTION_COLUMNS, corrections, personal);
  const cData = result.corrections.map((c) => ({
    id: c.id,
    department: c.department,
    ruleId: c.entry.ruleId,
    ...(c.entry.rowNumber !== undefined ? { rowNumber: c.entry.rowNumber } : {}),
    index: c.entry.index,
    shownId: c.entry.shownId,
    ...(c.entry.key ? { key: c.entry.key } : {}),
    ...(c.entry.name ? { name: c.entry.name } : {}),
    item: c.correction?.item ?? c.entry.item,
    ...(c.correction ? { op: c.correction.op, value: c.correction.value, label: c.correction.label } : { op: 'manual', departmentLabel: c.entry.departmentLabel }),
    ...(c.person ? { person: c.person } : {}),
    ...(c.date ? { date: c.date } : {}),
    ...(c.remark ? { remark: c.remark } : {}),
  }));
  const json = (v: unknown) => (tmp: string) => writeFile(tmp, JSON.stringify(v, null, 2) + '\n');
  await writeOutput(cJson, json({ format: 'canji-corrections', version: 1, source: manifest.source, corrections: cData }), personal);
  await writeCsvTable(oPath, OPEN_COLUMNS, open, personal);
  await writeOutput(oJson, json(openItemsFile(manifest, result)), personal);
  const sJson = join(dir, VERIFY_OUTPUTS.status);
  await writeOutput(sJson, json(verificationStatus(manifest, result, { readOn: generatedDate(), files: files.map((f) => basename(f)) })), personal);
  return [summary, cPath, cJson, oPath, oJson, sJson];
}

const MAX_PRINTED = 40;

export async function runVerify(io: CliIo, paths: readonly string[], o: VerifyOptions): Promise<ExitCode> {
  zodMessagesInChinese();
  const { files, dirs } = await inputFiles(io, paths);
  const { path: manifestPath, manifest } = await loadManifest(io, o, files, dirs);
  const outDir = o.out ? pathIn(io, o.out) : join(dirname(manifestPath), '核实结果');
  checkOutputDir(outDir);
  const read = files.filter((f) => dirname(f) !== outDir);
  const { rows, findings } = await readReturned(read, manifest, manifestPath);
  const result = verifyReturnedLists(manifest, rows, findings);
  const written = await writeOutputs(outDir, manifest, result, read);
  const errors = result.findings.filter((f) => f.severity === 'error');
  const notices = result.findings.filter((f) => f.severity === 'notice');
  for (const f of [...errors, ...notices].slice(0, MAX_PRINTED)) io.stderr(`${f.severity === 'error' ? '错误' : '提示'} [${f.code}]：${f.message}\n`);
  if (errors.length + notices.length > MAX_PRINTED) io.stderr(`……另有 ${errors.length + notices.length - MAX_PRINTED} 条，见 ${VERIFY_OUTPUTS.summary} 的“读取问题”\n`);
  io.stderr(`读取 ${files.length} 个文件，${rows.length} 行答复；错误 ${errors.length} 条，提示 ${notices.length} 条\n`);
  for (const c of result.byDepartment) {
    io.stderr(`  ${c.departmentName}：清单 ${c.listed} 条，已答复 ${c.answered} 条（${(c.rate * 100).toFixed(1)}%）——${VERIFICATION_ANSWERS.map((a) => `${a} ${c.byAnswer[a]}`).join('，')}；答复无效 ${c.invalid}，未答复 ${c.unanswered}\n`);
  }
  io.stderr(`需更正 ${result.corrections.length} 条，未结事项 ${result.open.length} 条（转入下一轮）\n`);
  for (const f of written) io.stderr(`已写入 ${f}\n`);
  const code = errors.length > 0 || result.open.length > 0 ? EXIT.PROBLEMS : EXIT.OK;
  if (o.json) io.stdout(`${JSON.stringify(verifySummary({ files: read.length, rows: rows.length, errors: errors.length, notices: notices.length, result, written, exitCode: code }))}\n`);
  return code;
}

/**
 * The machine-readable summary of `canji verify --json` (one line of JSON on stdout): files and
 * answer rows read, errors and notices found in them, per department and in total the items
 * listed, answered (by answer), invalid and unanswered with the answer and closure rates, the
 * corrections and open items, the files written (absolute paths) and the exit code — 1 when an
 * answer is invalid or an item is still open.
 *
 * @example
 * ```ts
 * // canji verify 返回/ --json
 * //=> {"tool":"canji verify","files":2,"rows":41,"findings":{"errors":0,"notices":3},
 * //    "departments":[{"department":"education","name":"教育部门","listed":20,"answered":20,"byAnswer":{"以残联数据为准":12,…},"invalid":0,"unanswered":0,"rate":1,"closedRate":0.9}],
 * //    "total":{…},"corrections":6,"open":2,"written":["/…/核实结果/核实汇总.xlsx",…],"exitCode":1,"exitMeaning":"problems-found"}
 * ```
 */
export function verifySummary(s: { files: number; rows: number; errors: number; notices: number; result: VerificationResult; written: readonly string[]; exitCode: ExitCode }) {
  const closure = (c: ClosureRow) => ({ listed: c.listed, answered: c.answered, byAnswer: c.byAnswer, invalid: c.invalid, unanswered: c.unanswered, rate: c.rate, closedRate: c.closedRate });
  return {
    tool: 'canji verify',
    files: s.files,
    rows: s.rows,
    findings: { errors: s.errors, notices: s.notices },
    departments: s.result.byDepartment.map((c) => ({ department: c.department ?? null, name: c.departmentName ?? null, ...closure(c) })),
    total: closure(s.result.total),
    corrections: s.result.corrections.length,
    open: s.result.open.length,
    written: s.written,
    exitCode: s.exitCode,
    exitMeaning: s.exitCode === EXIT.OK ? 'ok' : 'problems-found',
  };
}
