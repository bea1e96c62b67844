/**
 * `canji services worklist | readback | allocate`: results put to work (成果运用) — service work
 * lists per township or village (XLSX for the clerk: every person with a recorded need and no
 * matching service, the basis of each entry, blank 采取的措施 / 办理日期 / 办理结果 with a drop-down),
 * their read-back into an actions file the next round starts from, and resource allocation tables
 * (persons needing each service by unit, share and Wilson interval) as XLSX or CSV.
 * The pure part is `@canji/services`; this module reads and writes the files.
 */
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { DEPARTMENT_NAMES, type ExtractDepartmentId, type PersonFormVersion } from '@canji/form';
import { maskResidentId } from '@canji/id';
import type { DepartmentIndex } from '@canji/rules';
import {
  ACTION_RESULTS,
  ALLOCATION_LEVELS,
  BUILT_IN_PAIRS,
  WORKLIST_HEADERS,
  allocateServices,
  applyPreviousActions,
  compileServicePairs,
  findServiceGaps,
  parseActionsFile,
  parsePairFile,
  parseWorklistManifest,
  readBackWorklists,
  type AllocationLevel,
  type ListedGap,
  type ServiceAction,
  type ServicePair,
  type ServicePairSet,
  type WorklistManifest,
} from '@canji/services';
import { departmentSummary, loadDepartment, parseDeptOption } from '../departments.js';
import { parseFormOption } from '../form-version.js';
import { CliError, EXIT, pathIn, readReason, type CliIo, type ExitCode } from '../io.js';
import { checkOutputDir, checkOutputPath, writeOutput } from '../output-file.js';
import { readAllPersonRecords } from '../read.js';
import { regionName } from '../region-name.js';
import { loadVillageNames, regionNameOf } from '../region-names.js';
import { readTables, type ReadTable } from '../sheets-read.js';
import { safeSheetName, writeCsvTable, writeWorkbook, type SheetCell, type SheetColumn } from '../sheets.js';
import { reading, type BatchInputOptions } from '../cli-options.js';
import { zodMessagesInChinese } from '../zod-zh.js';

type InputOptions = BatchInputOptions;

interface PairInputOptions extends InputOptions {
  /** `--dept civil-affairs=FILE` (repeatable). */
  dept?: string[];
  /** `--pairs FILE.json`: an office's pairs added to (or replacing) the built-in ones. */
  pairs?: string;
}

/** `canji services worklist` options. */
export interface ServicesWorklistOptions extends PairInputOptions {
  /** Actions files (or directories of them) of earlier rounds. */
  previousActions?: string[];
  by?: string;
  out: string;
  fullIds?: boolean;
}

/** `canji services readback` options. */
export interface ServicesReadbackOptions {
  out: string;
  /** The lists' manifest, when it is not beside the returned files. */
  manifest?: string;
}

/** `canji services allocate` options. */
export interface ServicesAllocateOptions extends PairInputOptions {
  by?: string;
  count?: string;
  out: string;
}

/** The manifest's file name in a work list's directory. */
export const WORKLIST_MANIFEST_FILE = '工作清单.json';

interface Batch {
  records: Record<string, unknown>[];
  version: PersonFormVersion;
  rejected: number;
}

async function readBatch(io: CliIo, file: string, o: InputOptions): Promise<Batch> {
  const given = parseFormOption(o.form);
  const { records, formVersion, stats } = await readAllPersonRecords(io, pathIn(io, file), {
    quiet: o.quiet ?? false,
    label: '读取',
    ...(given ? { formVersion: given } : {}),
    ...reading(o),
  });
  const version = formVersion ?? given ?? '2017';
  return { records, version: version === '2016' ? '2017' : version, rejected: stats.rejected };
}

/** Exit 1 when rows of the batch could not be read: those persons are in no list and no count. */
function notAllRead(io: CliIo, batch: Batch): ExitCode {
  if (!batch.rejected) return EXIT.OK;
  io.stderr(`注意：${batch.rejected} 行未能读取（见上方拒收的行），这些人员未计入，退出码 1\n`);
  return EXIT.PROBLEMS;
}

async function readPairs(io: CliIo, file: string | undefined): Promise<ServicePair[]> {
  if (!file) return [...BUILT_IN_PAIRS];
  let text: string;
  try {
    text = await readFile(pathIn(io, file), 'utf8');
  } catch (e) {
    throw new CliError('USAGE_PAIRS', `无法读取配对文件“${file}”：${readReason(e)}`);
  }
  const r = parsePairFile(text);
  if (!r.ok) {
    for (const e of r.errors.slice(0, 20)) io.stderr(`配对文件错误 [${e.code}]：${e.message}\n`);
    if (r.errors.length > 20) io.stderr(`……另有 ${r.errors.length - 20} 个错误\n`);
    throw new CliError(r.errors[0]!.code, `配对文件“${file}”有 ${r.errors.length} 个错误，未运行`);
  }
  if (r.value.replaced.length) io.stderr(`配对文件替换了内置配对：${r.value.replaced.join('、')}\n`);
  if (r.value.added.length) io.stderr(`配对文件增加了配对：${r.value.added.join('、')}\n`);
  return r.value.pairs;
}

async function readDepartments(io: CliIo, o: PairInputOptions): Promise<Partial<Record<ExtractDepartmentId, DepartmentIndex>>> {
  const out: Partial<Record<ExtractDepartmentId, DepartmentIndex>> = {};
  for (const { department, path } of (o.dept ?? []).map(parseDeptOption)) {
    if (out[department]) throw new CliError('USAGE_DEPT', `--dept 中${DEPARTMENT_NAMES[department]}给出了两次：每个部门只能给一个文件`);
    const d = await loadDepartment(io, department, pathIn(io, path), o.encoding ? { encoding: o.encoding } : {});
    io.stderr(departmentSummary({ ...d, path }));
    out[department] = d.index;
  }
  return out;
}

async function pairSet(io: CliIo, batch: Batch, o: PairInputOptions): Promise<ServicePairSet> {
  const pairs = await readPairs(io, o.pairs);
  const departments = await readDepartments(io, o);
  const set = compileServicePairs(pairs, { version: batch.version, departments });
  for (const s of set.skipped) io.stderr(`提示：${s.message}\n`);
  return set;
}

const unitName = (code: string): string => {
  if (!/^\d+$/.test(code)) return code;
  return (code.length > 6 ? regionNameOf(code) : regionName(code)) ?? code;
};
const placeName = (code: string): string => {
  const parts = [code.slice(0, 6), code.slice(0, 9), code].filter((c, i, a) => /^\d+$/.test(c) && a.indexOf(c) === i).map((c) => (c.length > 6 ? regionNameOf(c) : regionName(c)));
  return parts.filter(Boolean).join('');
};
const fileSafe = (s: string): string => s.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_');

// ---------------------------------------------------------------------------------------------
// worklist
// ---------------------------------------------------------------------------------------------

async function readPreviousActions(io: CliIo, specs: readonly string[]): Promise<ServiceAction[]> {
  const out: ServiceAction[] = [];
  const readOne = async (path: string, fromDir: boolean): Promise<void> => {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (e) {
      throw new CliError('USAGE_PREVIOUS_ACTIONS', `无法读取办理记录“${path}”：${readReason(e)}`);
    }
    const r = parseActionsFile(text);
    if (r.ok) {
      out.push(...r.value.actions);
      return;
    }
    if (fromDir) return; // another JSON file in the directory (a manifest …)
    throw new CliError(r.error.code, `“${path}”不是办理记录文件（canji services readback 的输出）：${r.error.message}`);
  };
  for (const spec of specs) {
    const path = pathIn(io, spec);
    const st = await stat(path).catch(() => undefined);
    if (!st) throw new CliError('USAGE_PREVIOUS_ACTIONS', `办理记录“${spec}”不存在`);
    if (st.isDirectory()) {
      const files = (await readdir(path)).filter((f) => f.toLowerCase().endsWith('.json')).sort();
      const before = out.length;
      for (const f of files) await readOne(join(path, f), true);
      if (out.length > before) continue;
      if (files.includes(WORKLIST_MANIFEST_FILE)) {
        // The returned lists themselves: read back here, as `canji services readback` would.
        const { result, summary } = await readReturnedLists(io, [path], undefined);
        io.stderr(`${summary}（${spec}）\n`);
        out.push(...result.all);
      } else io.stderr(`提示：目录“${spec}”中没有办理记录文件（canji services readback 的输出）\n`);
    } else await readOne(path, false);
  }
  return out;
}

const WORKLIST_COLUMNS = (): SheetColumn[] => {
  const H = WORKLIST_HEADERS;
  return [
    { header: H.id, width: 16 },
    { header: H.township, width: 14 },
    { header: H.village, width: 14 },
    { header: H.name, width: 10 },
    { header: H.residentId, width: 21 },
    { header: H.address, width: 30 },
    { header: H.need, width: 30 },
    { header: H.recorded, width: 50 },
    { header: H.basis, width: 40 },
    { header: H.previous, width: 28 },
    { header: H.measure, width: 30, prompt: '写明为此人做了什么（如：已申请康复训练，转介某康复机构）' },
    { header: H.date, kind: 'date', width: 12, prompt: '办理的日期，如 2024-05-06' },
    { header: H.result, width: 14, choices: ACTION_RESULTS, prompt: `从下拉列表中选择：${ACTION_RESULTS.join('、')}` },
  ];
};

function previousText(g: ListedGap): string {
  if (!g.last) return '';
  const a = g.last;
  const text = `${a.date ? `${a.date} ` : ''}${a.result}${a.measure ? `：${a.measure}` : ''}`;
  return g.relisted === 'data-changed' ? `${text}（登记已变化，重新列入）` : text;
}

/** `canji services worklist BATCH --by township -o DIR`. */
export async function runServicesWorklist(io: CliIo, batchFile: string, o: ServicesWorklistOptions): Promise<ExitCode> {
  zodMessagesInChinese();
  const by = o.by ?? 'township';
  if (by !== 'township' && by !== 'village') throw new CliError('USAGE_BY', `--by 应为 township 或 village（收到“${by}”）`);
  const dir = pathIn(io, o.out);
  checkOutputDir(dir);
  const batch = await readBatch(io, batchFile, o);
  const set = await pairSet(io, batch, o);
  const previous = await readPreviousActions(io, o.previousActions ?? []);
  const gaps = findServiceGaps(batch.records, set);
  // Every earlier action is carried on (not only those on this round's gaps): a need that comes back keeps its history.
  const { listed, settled } = applyPreviousActions(gaps, previous);
  const history = previous;
  await loadVillageNames(batch.records.map((r) => (typeof r.region_code === 'string' ? r.region_code : undefined)));
  const full = o.fullIds ?? false;
  const pairOrder = new Map(set.pairs.map((p, i) => [p.pair.id, i]));
  const units = new Map<string, ListedGap[]>();
  for (const g of listed) {
    const u = by === 'township' ? g.township : g.village;
    let list = units.get(u);
    if (!list) units.set(u, (list = []));
    list.push(g);
  }
  const manifest: WorklistManifest = {
    format: 'canji-service-worklist',
    version: 1,
    batch: basename(batchFile),
    formVersion: batch.version,
    by,
    pairs: set.pairs.map((p) => ({ id: p.pair.id, title: p.pair.title, provisional: p.provisional })),
    files: [],
    entries: [],
    history,
  };
  const explain = set.pairs.map((p): SheetCell[] => [p.pair.id, p.pair.title, p.variant.basis.items.join('、'), p.variant.department ? DEPARTMENT_NAMES[p.variant.department] : '', p.variant.basis.rule ?? '', p.provisional ? '暂定' : '', [p.pair.note, p.variant.basis.note].filter(Boolean).join(' ')]);
  for (const [unit, list] of [...units].sort(([a], [b]) => (a < b ? -1 : 1))) {
    list.sort((a, b) => (a.village < b.village ? -1 : a.village > b.village ? 1 : a.index - b.index || pairOrder.get(a.pairId)! - pairOrder.get(b.pairId)!));
    const name = unitName(unit);
    const file = `${fileSafe(name === unit ? unit : `${name}（${unit}）`)}服务工作清单.xlsx`;
    const rows: SheetCell[][] = list.map((g) => {
      const r = batch.records[g.index]!;
      const id = typeof r.resident_id === 'string' ? r.resident_id : '';
      return [
        g.entryId,
        unitName(g.township),
        unitName(g.village),
        String(r.name ?? ''),
        id ? (full ? id : maskResidentId(id)) : '',
        placeName(g.regionCode),
        g.title,
        g.shown.map((s) => `${s.label}：${s.value}`).join('；'),
        g.basis,
        previousText(g),
        '',
        '',
        '',
      ];
    });
    const byVillage = new Map<string, number[]>();
    for (const g of list) {
      let c = byVillage.get(g.village);
      if (!c) byVillage.set(g.village, (c = set.pairs.map(() => 0)));
      c[pairOrder.get(g.pairId)!]!++;
    }
    const summary: SheetCell[][] = [...byVillage].map(([v, c]) => [unitName(v), v, c.reduce((a, b) => a + b, 0), ...c]);
    const caption = [
      `${name} 服务工作清单`,
      `来源：${basename(batchFile)}（${batch.version} 版登记表）；每行是一位有登记需求而未得到相应服务的残疾人，“依据”列写明登记表项目、部门数据和规则。共 ${list.length} 条。`,
      `请逐条核实，填写“采取的措施”“办理日期”，并从下拉列表选择“办理结果”：已办理、不符合条件、本人不需要的条目下一轮不再列入（登记或部门数据变化时除外）；正在办理、无法联系、其他的条目下一轮继续列入。请勿修改编号。`,
      `本表含个人信息${full ? '（含完整身份证号）' : ''}，请妥善保管。`,
    ];
    await writeWorkbook(join(dir, file), [
      { name: '工作清单', caption, columns: WORKLIST_COLUMNS(), rows },
      { name: '汇总', caption: [`${name} 各村（社区）未满足的服务需求（人次）`], columns: [{ header: '村（社区）', width: 16 }, { header: '区划代码', width: 14 }, { header: '合计', kind: 'integer' }, ...set.pairs.map((p): SheetColumn => ({ header: p.pair.service, kind: 'integer' }))], rows: summary, spareRows: 0 },
      { name: '说明', caption: ['需求–服务配对：每条清单条目由下列配对之一产生（暂定：登记表项目的对应关系尚不确定）'], columns: [{ header: '配对编号', width: 30 }, { header: '服务需求', width: 30 }, { header: '登记表项目', width: 14 }, { header: '部门数据', width: 24 }, { header: '规则', width: 34 }, { header: '暂定', width: 6 }, { header: '说明', width: 80 }], rows: explain, spareRows: 0 },
    ], { personal: true });
    manifest.files.push({ file, unit, entries: list.length });
    for (const g of list) manifest.entries.push({ entryId: g.entryId, pairId: g.pairId, unit, file, fingerprint: g.fingerprint });
  }
  await writeOutput(join(dir, WORKLIST_MANIFEST_FILE), (tmp) => writeFile(tmp, JSON.stringify(manifest, null, 2) + '\n'), { personal: true });
  const fresh = listed.filter((g) => !g.last).length;
  const open = listed.filter((g) => g.relisted === 'open').length;
  const changed = listed.filter((g) => g.relisted === 'data-changed').length;
  const unkeyed = listed.filter((g) => g.personKey === undefined).length;
  if (unkeyed) io.stderr(`提示：${unkeyed} 条的记录没有有效的身份证号，编号按行号生成，下一轮无法对应\n`);
  const level = by === 'township' ? '乡镇（街道）' : '村（社区）';
  io.stderr(
    `服务工作清单：${listed.length} 条（新列入 ${fresh}，上次未办结 ${open}，登记变化重新列入 ${changed}）${previous.length ? `；已办结且未变化、不再列入 ${settled.length} 条` : ''}；${units.size} 个${level} → ${o.out}（说明文件 ${WORKLIST_MANIFEST_FILE}）\n`,
  );
  return notAllRead(io, batch);
}

// ---------------------------------------------------------------------------------------------
// readback
// ---------------------------------------------------------------------------------------------

const KNOWN_SHEETS = new Set(['汇总', '说明']);

async function returnedFiles(io: CliIo, inputs: readonly string[]): Promise<{ files: string[]; dirs: string[] }> {
  const files: string[] = [];
  const dirs: string[] = [];
  for (const spec of inputs) {
    const path = pathIn(io, spec);
    const st = await stat(path).catch(() => undefined);
    if (!st) throw new CliError('USAGE_INPUT', `交回的清单“${spec}”不存在`);
    if (st.isDirectory()) {
      dirs.push(path);
      for (const f of (await readdir(path)).sort()) {
        if (f.startsWith('~$') || f.startsWith('.')) continue;
        if (['.xlsx', '.csv'].includes(extname(f).toLowerCase())) files.push(join(path, f));
      }
    } else {
      dirs.push(dirname(path));
      files.push(path);
    }
  }
  if (!files.length) throw new CliError('USAGE_INPUT', '没有找到交回的清单（.xlsx 或 .csv）');
  return { files, dirs };
}

async function readManifest(io: CliIo, given: string | undefined, dirs: readonly string[]): Promise<WorklistManifest> {
  const candidates = given ? [pathIn(io, given)] : [...new Set(dirs.map((d) => join(d, WORKLIST_MANIFEST_FILE)))];
  for (const c of candidates) {
    const text = await readFile(c, 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    const m = parseWorklistManifest(text);
    if (!m.ok) throw new CliError(m.error.code, `“${c}”：${m.error.message}`);
    return m.value;
  }
  throw new CliError('USAGE_MANIFEST', `找不到工作清单说明文件（${WORKLIST_MANIFEST_FILE}）：请把它和交回的清单放在同一目录，或用 --manifest 指定`);
}

/** The returned lists read against their manifest; findings printed. */
async function readReturnedLists(io: CliIo, inputs: readonly string[], manifestPath: string | undefined) {
  const { files, dirs } = await returnedFiles(io, inputs);
  const manifest = await readManifest(io, manifestPath, dirs);
  const tables: { file: string; sheet?: string; headers: string[]; rows: ReadTable['rows'] }[] = [];
  let noTable = 0;
  for (const f of files) {
    const read = await readTables(f, [WORKLIST_HEADERS.id, WORKLIST_HEADERS.result]);
    for (const t of read.tables) tables.push({ file: basename(f), ...(t.sheet !== undefined ? { sheet: t.sheet } : {}), headers: t.headers, rows: t.rows });
    for (const s of read.otherSheets) {
      if (KNOWN_SHEETS.has(s.sheet) && read.tables.length) continue;
      noTable++;
      io.stderr(`错误 [WORKLIST_NO_TABLE]：${basename(f)}「${s.sheet}」有 ${s.rows} 行，但找不到含“${WORKLIST_HEADERS.id}”和“${WORKLIST_HEADERS.result}”两列的表头，未读取\n`);
    }
  }
  const result = readBackWorklists(manifest, tables);
  const shown = result.findings.slice(0, 30);
  for (const f of shown) io.stderr(`${f.severity === 'error' ? '错误' : '提示'} [${f.code}]：${f.message}\n`);
  if (result.findings.length > shown.length) io.stderr(`……另有 ${result.findings.length - shown.length} 条\n`);
  const c = result.counts;
  const summary = `回收工作清单：${files.length} 个文件，读取 ${c.rows} 行 = 已填办理结果 ${c.acted} + 未填 ${c.pending} + 无法采用 ${c.rejected}${c.duplicates ? ` + 重复 ${c.duplicates}` : ''}（空行 ${c.blank}）${c.missing ? `；清单中 ${c.missing} 条未见交回` : ''}`;
  return { manifest, result, noTable, summary };
}

/** `canji services readback DIR|FILES -o actions.json`: exit 1 when rows could not be read or matched. */
export async function runServicesReadback(io: CliIo, inputs: readonly string[], o: ServicesReadbackOptions): Promise<ExitCode> {
  zodMessagesInChinese();
  const target = pathIn(io, o.out);
  checkOutputPath(target);
  const { manifest, result, noTable, summary } = await readReturnedLists(io, inputs, o.manifest);
  const out = { format: 'canji-service-actions' as const, version: 1 as const, actions: result.all };
  await writeOutput(target, (tmp) => writeFile(tmp, JSON.stringify(out, null, 2) + '\n'), { personal: true });
  io.stderr(`${summary}；办理记录共 ${result.all.length} 条（含以往 ${manifest.history.length} 条）→ ${o.out}\n`);
  return result.counts.rejected > 0 || noTable > 0 ? EXIT.PROBLEMS : EXIT.OK;
}

// ---------------------------------------------------------------------------------------------
// allocate
// ---------------------------------------------------------------------------------------------

const LEVEL_LABELS: Readonly<Record<AllocationLevel | 'total', string>> = { village: '村（社区）', township: '乡镇（街道）', county: '县（区）', prefecture: '市', province: '省', total: '合计' };

/** `canji services allocate BATCH --by township -o FILE.xlsx|csv`. */
export async function runServicesAllocate(io: CliIo, batchFile: string, o: ServicesAllocateOptions): Promise<ExitCode> {
  zodMessagesInChinese();
  const by = (o.by ?? 'township') as AllocationLevel;
  if (!(ALLOCATION_LEVELS as readonly string[]).includes(by)) throw new CliError('USAGE_BY', `--by 应为 ${ALLOCATION_LEVELS.join('、')} 之一（收到“${o.by}”）`);
  const count = o.count ?? 'gap';
  if (count !== 'gap' && count !== 'need') throw new CliError('USAGE_COUNT', `--count 应为 gap（有需求未服务）或 need（有需求）（收到“${count}”）`);
  const ext = extname(o.out).toLowerCase();
  if (ext !== '.xlsx' && ext !== '.csv') throw new CliError('USAGE_OUT_FORMAT', `输出应为 .xlsx 或 .csv 文件（收到“${o.out}”）`);
  const target = pathIn(io, o.out);
  checkOutputPath(target);
  const batch = await readBatch(io, batchFile, o);
  const set = await pairSet(io, batch, o);
  const table = allocateServices(batch.records, set, { by, count });
  if (by === 'village') await loadVillageNames(table.units.map((u) => u.code));
  const what = count === 'gap' ? '有登记需求而未得到相应服务的人数' : '有登记需求的人数（不论是否已得到服务）';
  const name = (u: { level: string; code: string }) => (u.level === 'total' ? '全部' : unitName(u.code));
  const caption = [
    `资源分配表：${basename(batchFile)}（${batch.version} 版登记表），按${LEVEL_LABELS[by]}并逐级汇总`,
    `人数：${what}；占比：占全部同类人数的比例；区间：Wilson 95% 区间。${table.services.some((s) => s.provisional) ? '标“暂定”的服务，登记表项目的对应关系尚不确定。' : ''}`,
    ...set.skipped.map((s) => `未计入：${s.message}`),
  ];
  const serviceName = (s: (typeof table.services)[number]) => `${s.service}${s.provisional ? '（暂定）' : ''}`;
  if (ext === '.csv') {
    const columns: SheetColumn[] = [{ header: '服务需求' }, { header: '配对编号' }, { header: '单位级别' }, { header: '区划代码' }, { header: '单位' }, { header: '登记人数', kind: 'integer' }, { header: '人数', kind: 'integer' }, { header: '占比', kind: 'number' }, { header: '区间下限', kind: 'number' }, { header: '区间上限', kind: 'number' }];
    const rows: SheetCell[][] = [];
    for (const s of table.services) for (const u of table.units) {
      const c = u.cells[s.pairId]!;
      rows.push([serviceName(s), s.pairId, LEVEL_LABELS[u.level], u.code === 'all' ? '' : u.code, name(u), u.registered, c.persons, c.share, c.interval?.[0], c.interval?.[1]]);
    }
    await writeCsvTable(target, columns, rows);
  } else {
    const unitCols: SheetColumn[] = [{ header: '单位级别', width: 12 }, { header: '区划代码', width: 14 }, { header: '单位', width: 24 }];
    const wide: SheetCell[][] = table.units.map((u) => [LEVEL_LABELS[u.level], u.code === 'all' ? '' : u.code, name(u), u.registered, ...table.services.map((s) => u.cells[s.pairId]!.persons)]);
    const sheets = [
      { name: '汇总', caption, columns: [...unitCols, { header: '登记人数', kind: 'integer' as const }, ...table.services.map((s): SheetColumn => ({ header: serviceName(s), kind: 'integer' }))], rows: wide, spareRows: 0 },
      ...table.services.map((s) => ({
        name: safeSheetName(s.service),
        caption: [`${serviceName(s)}：${s.title}`, `人数：${what}；占比：占全部同类人数（${table.units.at(-1)!.cells[s.pairId]!.persons} 人）的比例；区间：Wilson 95% 区间`],
        columns: [...unitCols, { header: '人数', kind: 'integer' as const }, { header: '占比', kind: 'percent' as const }, { header: '95%区间下限', kind: 'percent' as const }, { header: '95%区间上限', kind: 'percent' as const }],
        rows: table.units.map((u): SheetCell[] => {
          const c = u.cells[s.pairId]!;
          return [LEVEL_LABELS[u.level], u.code === 'all' ? '' : u.code, name(u), c.persons, c.share, c.interval?.[0], c.interval?.[1]];
        }),
        spareRows: 0,
      })),
    ];
    await writeWorkbook(target, sheets);
  }
  const total = table.units.at(-1)!;
  io.stderr(`资源分配表：${table.services.map((s) => `${s.service} ${total.cells[s.pairId]!.persons} 人`).join('，')}；${table.units.filter((u) => u.level === by).length} 个${LEVEL_LABELS[by]} → ${o.out}\n`);
  return notAllRead(io, batch);
}
