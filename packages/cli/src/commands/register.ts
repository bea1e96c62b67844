/**
 * `canji register load | apply | snapshot`: the register of real-time updating (实时更新) from the
 * command line — a round's batch loaded as the base, a file of change events (JSON Lines) applied
 * to it with what was applied, skipped as already applied, in conflict or rejected, and the register
 * written as of a date in the flat layout `canji check` reads. The register is `@canji/rounds`'
 * (a DuckDB file by default; a directory of checksummed JSON Lines with `--store file`).
 */
import { stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { flatColumns, toFlatRow, type PersonFormVersion } from '@canji/form';
import { maskCertificateNo, maskResidentId } from '@canji/id';
import { openRegister, RegisterError, type ApplyReport, type Register, type RegisterStore } from '@canji/rounds';
import { maskMessage } from '@canji/rules';
import { writeCsv, type CsvEncoding } from '@canji/synth';
import { assertAsOf } from '../as-of.js';
import { csvLine } from '../csv.js';
import type { TextEncoding } from '../encoding.js';
import { parseFormOption } from '../form-version.js';
import { CliError, EXIT, pathIn, type CliIo, type ExitCode } from '../io.js';
import { beginOutput, openStreamOutput, outputError } from '../output-file.js';
import { openInput, readAllPersonRecords } from '../read.js';
import { reading } from '../cli-options.js';
import { neutralizeCell } from '../sheets.js';
import type { FileFormat } from '../sources.js';

/** Options every `canji register` command takes. */
export interface RegisterCommonOptions {
  /** `--store duckdb|file` (default: what the path holds; a new register is a DuckDB file). */
  store?: string;
  quiet?: boolean;
}

/** `canji register load` options. */
export interface RegisterLoadOptions extends RegisterCommonOptions {
  asOf?: string;
  source?: string;
  key?: string;
  form?: string;
  encoding?: TextEncoding;
  format?: FileFormat;
  /** `--sheet NAME|N`: the worksheet of an XLSX batch (default the first). */
  sheet?: string;
}

/** `canji register apply` options. */
export interface RegisterApplyOptions extends RegisterCommonOptions {
  onConflict?: string;
  onInvalid?: string;
  /** `--issues FILE.csv`: the conflicts and rejections (default: beside the events file). */
  issues?: string;
  failOn?: string;
  fullIds?: boolean;
  batchSize?: string;
  encoding?: TextEncoding;
}

/** `canji register snapshot` options. */
export interface RegisterSnapshotOptions extends RegisterCommonOptions {
  asOf: string;
  out: string;
  headers?: 'machine' | 'label';
  encoding?: CsvEncoding;
}

/** A register error as the CLI's: the store's own codes, exit code 2 (input) or 3 (this run failed). */
function cliErrorOf(e: unknown): unknown {
  if (!(e instanceof RegisterError)) return e;
  const failure = e.code === 'REGISTER_WRITE_FAILED' || e.code === 'REGISTER_STORE_UNAVAILABLE' || e.code === 'REGISTER_CLOSED';
  return new CliError(e.code, e.message, failure ? EXIT.FAILURE : EXIT.USAGE);
}

/** Which store a register path holds (`--store`, else a directory is a file store, anything else DuckDB). */
async function storeOf(path: string, given: string | undefined, mustExist: boolean, shown: string): Promise<RegisterStore> {
  if (given !== undefined && given !== 'duckdb' && given !== 'file') throw new CliError('USAGE_STORE', `--store 应为 duckdb 或 file（收到“${given}”）`);
  const st = await stat(path).catch(() => undefined);
  if (!st && mustExist) throw new CliError('INPUT_NOT_FOUND', `找不到登记库“${shown}”：请先用 canji register load 建立`);
  if (given) return given;
  return st?.isDirectory() ? 'file' : 'duckdb';
}

async function withRegister<T>(io: CliIo, path: string, o: { store: RegisterStore; key?: string; formVersion?: PersonFormVersion }, fn: (r: Register) => Promise<T>): Promise<T> {
  let register: Register;
  try {
    register = await openRegister({
      path,
      store: o.store,
      ...(o.key === 'certificate-no' || o.key === 'resident-id' ? { key: o.key } : {}),
      ...(o.formVersion ? { formVersion: o.formVersion } : {}),
    });
  } catch (e) {
    throw cliErrorOf(e);
  }
  for (const note of register.recovery) io.stderr(`提示 [${note.code}]：${note.message}\n`);
  try {
    return await fn(register);
  } catch (e) {
    throw cliErrorOf(e);
  } finally {
    await register.close().catch(() => undefined);
  }
}

/** `canji register load REGISTER BATCH`: the batch (CSV, XLSX, JSON Lines) becomes the register's base. */
export async function runRegisterLoad(io: CliIo, registerPath: string, batch: string, o: RegisterLoadOptions): Promise<ExitCode> {
  if (o.asOf !== undefined) assertAsOf(o.asOf);
  if (o.key !== undefined && o.key !== 'resident-id' && o.key !== 'certificate-no') throw new CliError('USAGE_KEY', `--key 应为 resident-id 或 certificate-no（收到“${o.key}”）`);
  const given = parseFormOption(o.form);
  const path = pathIn(io, registerPath);
  const store = await storeOf(path, o.store, false, registerPath);
  const read = await readAllPersonRecords(io, pathIn(io, batch), {
    quiet: o.quiet ?? false,
    label: '载入',
    unreadableCells: 'keep',
    ...(given ? { formVersion: given } : {}),
    ...reading(o),
  });
  const { records } = read;
  const formVersion = read.formVersion ?? given ?? '2017';
  let asOf = o.asOf;
  if (asOf === undefined) {
    const dates = new Set(records.map((r) => r.reference_date));
    const only = dates.size === 1 ? [...dates][0] : undefined;
    if (typeof only !== 'string') throw new CliError('USAGE_AS_OF_REQUIRED', `批次中的标准时点（reference_date）${dates.size === 0 ? '缺失' : '不止一个'}：请用 --as-of 给出基准日期`);
    asOf = only;
  }
  const source = o.source ?? basename(batch);
  return withRegister(io, path, { store, ...(o.key ? { key: o.key } : {}), formVersion }, async (register) => {
    const r = await register.load(records, { asOf: asOf!, source });
    if (!r.ok) throw new CliError(r.code, r.message);
    const extra = [r.duplicates ? `重复 ${r.duplicates} 行（取前一行）` : '', r.unkeyed ? `无可用人员标识 ${r.unkeyed} 行（未载入）` : ''].filter(Boolean).join('，');
    io.stderr(`登记库 ${registerPath}（${store === 'duckdb' ? 'DuckDB' : '文件存储'}，${formVersion} 版）：载入 ${r.loaded} 人${extra ? `；${extra}` : ''}；基准日期 ${asOf}，来源“${source}”\n`);
    return EXIT.OK;
  });
}

/** One line of the issues file. */
interface IssueRow {
  line: number | '';
  id: string;
  person: string;
  op: string;
  item: string;
  kind: string;
  code: string;
  expected: unknown;
  actual: unknown;
  next: unknown;
  message: string;
}

const ISSUE_HEADERS = ['行号', '事件编号', '人员标识', '操作', '指标项', '类别', '代码', '事件中的原值', '登记库中的值', '新值', '说明'];
const OP_LABELS: Record<string, string> = { set: '修改', add: '新增', exit: '退出' };

/** A person key as shown in the issues file: masked unless `--full-ids` (a caller's pseudonym as it is). */
function shownKey(key: string | undefined, full: boolean): string {
  if (!key) return '';
  if (full) return key;
  if (/^\d{17}[\dXx]$/.test(key)) return maskResidentId(key);
  if (/^\d{17}[\dXx]\d{2}(B\d)?$/.test(key)) return maskCertificateNo(key);
  return key;
}

function issueRows(report: ApplyReport, lineOf: (index: number) => number, full: boolean): IssueRow[] {
  const msg = (m: string) => (full ? m : maskMessage(m));
  const rows: (IssueRow & { index: number })[] = [];
  for (const c of report.conflicts) {
    rows.push({ index: c.index, line: lineOf(c.index), id: c.id, person: shownKey(c.person, full), op: OP_LABELS.set!, item: c.item, kind: c.applied ? '冲突（已按新值覆盖）' : '冲突（未修改）', code: c.code, expected: c.expected, actual: c.actual, next: c.new, message: msg(c.message) });
  }
  for (const r of report.rejected) {
    const details = r.details.length > 1 ? `（${r.details.map((d) => `${d.code}${d.item ? ` ${d.item}` : ''}：${msg(d.message)}`).join('；')}）` : '';
    rows.push({ index: r.index, line: lineOf(r.index), id: r.id ?? '', person: shownKey(r.person, full), op: r.op ? OP_LABELS[r.op]! : '', item: r.item ?? '', kind: '拒收', code: r.code, expected: '', actual: '', next: '', message: `${msg(r.message)}${r.code === 'REGISTER_EVENT_INVALID' ? '' : details}` });
  }
  return rows.sort((a, b) => a.index - b.index);
}

/** `canji register apply REGISTER EVENTS.jsonl`: applies the events, reports the counts and writes the conflicts and rejections. */
export async function runRegisterApply(io: CliIo, registerPath: string, eventsFile: string, o: RegisterApplyOptions): Promise<ExitCode> {
  const onConflict = o.onConflict ?? 'skip';
  if (onConflict !== 'skip' && onConflict !== 'apply') throw new CliError('USAGE_ON_CONFLICT', `--on-conflict 应为 skip 或 apply（收到“${o.onConflict}”）`);
  const onInvalid = o.onInvalid ?? 'reject';
  if (onInvalid !== 'reject' && onInvalid !== 'apply') throw new CliError('USAGE_ON_INVALID', `--on-invalid 应为 reject 或 apply（收到“${o.onInvalid}”）`);
  const failOn = o.failOn ?? 'error';
  if (!['error', 'warning', 'never'].includes(failOn)) throw new CliError('USAGE_FAIL_ON', `--fail-on 应为 error、warning 或 never（收到“${o.failOn}”）`);
  const batchSize = o.batchSize === undefined ? 1000 : Number(o.batchSize);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new CliError('USAGE_NUMBER', `--batch-size 应为正整数（收到“${o.batchSize}”）`);
  const path = pathIn(io, registerPath);
  const store = await storeOf(path, o.store, true, registerPath);
  const source = await openInput(io, pathIn(io, eventsFile), { format: 'jsonl', ...(o.encoding ? { encoding: o.encoding } : {}) });
  const issuesShown = o.issues ?? `${eventsFile.slice(0, eventsFile.length - extname(eventsFile).length)}.冲突与拒收.csv`;
  const lines: number[] = [];
  /** Lines that are not JSON objects: rejected here, before the register sees them. */
  const unreadable: IssueRow[] = [];
  async function* events(): AsyncGenerator<unknown> {
    for await (const item of source.items()) {
      if (item.kind === 'row') {
        lines.push(item.rowNumber);
        yield item.row;
      } else if (item.kind === 'reject') {
        unreadable.push({ line: item.rowNumber, id: '', person: '', op: '', item: '', kind: '拒收', code: item.error.code, expected: '', actual: '', next: '', message: item.error.message });
      }
    }
  }
  return withRegister(io, path, { store }, async (register) => {
    const report = await register.apply(events(), {
      onConflict,
      onInvalid,
      batchSize,
      ...(o.quiet ? {} : { onCommit: (p: { events: number }) => io.isTTY && io.stderr(`\r已处理 ${p.events} 个事件…`) }),
    });
    if (!o.quiet && io.isTTY) io.stderr('\n');
    const rows = [...unreadable, ...issueRows(report, (i) => lines[i] ?? 0, o.fullIds ?? false)].sort((a, b) => Number(a.line) - Number(b.line));
    const out = await openStreamOutput(pathIn(io, issuesShown), { personal: true });
    out.write('\uFEFF' + csvLine(ISSUE_HEADERS));
    for (const r of rows) out.write(csvLine([r.line, r.id, r.person, r.op, r.item, r.kind, r.code, r.expected, r.actual, r.next, r.message].map((v) => (typeof v === 'string' ? neutralizeCell(v) : v))));
    await out.close(true);
    const overwritten = report.conflicts.filter((c) => c.applied).length;
    const conflicts = report.conflicts.length;
    const rejected = report.rejected.length + unreadable.length;
    const invalid = report.warnings.filter((w) => w.invalid).length;
    io.stderr(
      `登记库 ${registerPath}：读取 ${report.read + unreadable.length} 个事件 = 应用 ${report.applied} + 重复（已应用过，跳过）${report.duplicates} + 冲突未修改 ${conflicts - overwritten} + 拒收 ${rejected}` +
        `${overwritten ? `；另有冲突按新值覆盖 ${overwritten} 个（已计入应用）` : ''}` +
        `${report.warnings.length ? `；${report.warnings.length} 次修改后的记录有警告${invalid ? `（其中 ${invalid} 次有错误，按 --on-invalid apply 仍已应用）` : ''}` : ''}\n` +
        `冲突与拒收（${rows.length} 行）已写入 ${issuesShown}\n`,
    );
    for (const r of rows.slice(0, 5)) io.stderr(`  第 ${r.line} 行 ${r.code}：${r.message}\n`);
    const problems = conflicts - overwritten + rejected > 0;
    const warnings = problems || report.warnings.length > 0 || overwritten > 0;
    return (failOn === 'error' && problems) || (failOn === 'warning' && warnings) ? EXIT.PROBLEMS : EXIT.OK;
  });
}

/** `canji register snapshot REGISTER --as-of DATE --out FILE.csv`: the register as of a date, in the flat layout `canji check` reads. */
export async function runRegisterSnapshot(io: CliIo, registerPath: string, o: RegisterSnapshotOptions): Promise<ExitCode> {
  assertAsOf(o.asOf);
  if (extname(o.out).toLowerCase() !== '.csv') throw new CliError('USAGE_OUT_FORMAT', `快照只能写成 .csv（收到“${o.out}”）`);
  const path = pathIn(io, registerPath);
  const store = await storeOf(path, o.store, true, registerPath);
  return withRegister(io, path, { store }, async (register) => {
    const version = register.info().formVersion;
    const target = pathIn(io, o.out);
    const out = await beginOutput(target, { personal: true });
    let written;
    try {
      const keys = flatColumns({ version, headers: 'machine' });
      const shown = flatColumns({ version, headers: o.headers ?? 'machine' });
      const columns = keys.map((key, i) => ({ key, header: shown[i]! }));
      written = await writeCsv(register.snapshot(o.asOf), out.tmp, { columns, toRow: (r) => toFlatRow(r, { version }), encoding: o.encoding ?? 'utf8' });
    } catch (e) {
      await out.abort();
      throw e instanceof RegisterError ? e : outputError(e, target);
    }
    await out.commit();
    io.stderr(`登记库 ${registerPath} 截至 ${o.asOf} 的快照：${written.records} 人（已退出的不含）→ ${o.out}（${version} 版登记表格式，可用 canji check 校验）\n`);
    return EXIT.OK;
  });
}
