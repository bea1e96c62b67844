/**
 * The department lists that go out and come back (`check --discrepancies DIR`): per department
 * `DIR/<部门>待核实清单.xlsx` for the officer who verifies (Chinese headers, labels, the 核实结果
 * drop-down), the same table as `.csv` beside it for machines, and `DIR/清单.json`, the manifest
 * `canji verify` matches the returned answers with. Only real disagreements are listed (agreements
 * are counted); IDs are masked unless `fullIds`. Every file is personal data: mode 0600.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { getExtractDepartment } from '@canji/form';
import { maskIdentifier } from '@canji/id';
import { loadVillageNames, regionNameOf as nameOf } from './region-names.js';
import {
  LIST_HEADERS,
  VERIFICATION_ANSWERS,
  type DepartmentId,
  type Discrepancy,
  type ReportDepartment,
  type VerificationEntry,
  type VerificationList,
  type VerificationManifest,
} from '@canji/rules';
import { itemTitle, personForm } from '@canji/form';
import { writeOutput } from './output-file.js';
import { writeCsvTable, writeWorkbook, type SheetColumn, type SheetValue } from './sheets.js';

/** Two-letter prefixes of the 核查编号 per department (pinyin initials). */
const ID_PREFIX: Record<DepartmentId, string> = {
  education: 'JY',
  'civil-affairs': 'MZ',
  'social-security': 'RS',
  housing: 'ZJ',
  health: 'WJ',
  'poverty-relief': 'XC',
  'public-security': 'GA',
};

/**
 * The manifest's file name in the lists' directory.
 *
 * @example
 * ```ts
 * JSON.parse(readFileSync(join('待核实', MANIFEST_FILE), 'utf8')).format; //=> 'canji-verification-manifest'
 * ```
 */
export const MANIFEST_FILE = '清单.json';

/** The file name (without extension) of a department's list: `公安部门待核实清单`. */
export function listBaseName(department: DepartmentId): string {
  return `${getExtractDepartment(department)?.name ?? department}待核实清单`;
}

const H = LIST_HEADERS;
/** The columns of a list, in order. `rowHeader`: 原表行号 when the records' rows are known, else 记录序号. */
function listColumns(rowHeader: string): SheetColumn[] {
  return [
    { header: H.id, width: 16 },
    { header: H.township, width: 14 },
    { header: H.village, width: 14 },
    { header: rowHeader, kind: 'integer', width: 9 },
    { header: H.name, width: 10 },
    { header: H.residentId, width: 21 },
    { header: H.item, width: 24 },
    { header: H.recorded, width: 28 },
    { header: H.department, width: 28 },
    { header: H.rule, width: 36 },
    { header: H.answer, width: 16, choices: VERIFICATION_ANSWERS, prompt: `从下拉列表中选择：${VERIFICATION_ANSWERS.join('、')}` },
    { header: H.remark, width: 24 },
    { header: H.person, width: 10 },
    { header: H.date, kind: 'date', width: 12, prompt: '核实的日期，如 2024-05-06' },
  ];
}

/** Options of {@link createDepartmentLists}. */
export interface DepartmentListOptions {
  /** Write full ID numbers (`--full-ids`); default masked. */
  fullIds?: boolean;
  /** The checked file's name, for the caption and the manifest. */
  sourceFile: string;
  /** Form version of the records (item titles). */
  formVersion?: string;
  /** Generation time (default now); the lists' caption shows its date. */
  now?: Date;
}

/** The files written, for the summary. */
export interface DepartmentListsWritten {
  files: string[];
  manifest: string;
  lists: VerificationList[];
}

/**
 * Collects the discrepancies of a check run (`onDiscrepancy`) and writes the lists at the end
 * (`write`, with the report's department summaries): sorted by township, village, then row.
 *
 * @example
 * ```ts
 * const lists = createDepartmentLists('待核实', { sourceFile: 'persons.csv' });
 * const { report } = await checkFile('persons.csv', { departments, onDiscrepancy: lists.onDiscrepancy });
 * await lists.write(report.departments); // 待核实/公安部门待核实清单.xlsx, .csv, 清单.json
 * ```
 */
export function createDepartmentLists(dir: string, options: DepartmentListOptions) {
  const found = new Map<DepartmentId, Discrepancy[]>();
  return {
    onDiscrepancy(d: Discrepancy): void {
      let l = found.get(d.department);
      if (!l) found.set(d.department, (l = []));
      l.push(d);
    },
    /** Writes the lists; `sourceSha256` (the checked file's, `report.meta.input.sha256`) goes into the manifest. */
    async write(departments: readonly ReportDepartment[], sourceSha256?: string): Promise<DepartmentListsWritten> {
      const all = [...found.values()].flat();
      await loadVillageNames(all.map((d) => d.regionCode ?? ''));
      const now = options.now ?? new Date();
      const lists: VerificationList[] = [];
      const files: string[] = [];
      for (const dep of departments) {
        const list = await writeList(dir, dep, found.get(dep.department) ?? [], options, now);
        lists.push(list);
        files.push(...list.files.map((f) => join(dir, f.name)));
      }
      const manifest: VerificationManifest = {
        format: 'canji-verification-manifest',
        version: 1,
        createdAt: now.toISOString(),
        source: { file: options.sourceFile, ...(sourceSha256 ? { sha256: sourceSha256 } : {}) },
        fullIds: options.fullIds === true,
        lists,
      };
      const path = join(dir, MANIFEST_FILE);
      await writeOutput(path, (tmp) => import('node:fs/promises').then((fs) => fs.writeFile(tmp, JSON.stringify(manifest, null, 2) + '\n')), { personal: true });
      return { files, manifest: path, lists };
    },
  };
}

const sortKey = (d: Discrepancy) => [d.regionCode?.slice(0, 9) ?? '~', d.regionCode ?? '~'] as const;

async function writeList(dir: string, dep: ReportDepartment, found: Discrepancy[], o: DepartmentListOptions, now: Date): Promise<VerificationList> {
  const form = personForm(o.formVersion === '2016' || o.formVersion === '2021' ? o.formVersion : '2017');
  const sorted = found.slice().sort((a, b) => {
    const [ta, va] = sortKey(a);
    const [tb, vb] = sortKey(b);
    return ta < tb ? -1 : ta > tb ? 1 : va < vb ? -1 : va > vb ? 1 : (a.rowNumber ?? a.index) - (b.rowNumber ?? b.index) || a.ruleId.localeCompare(b.ruleId);
  });
  // The list id: a digest of what is listed (same data, same ids); its first 4 characters go into every 核查编号.
  const h = createHash('sha256').update(dep.department);
  for (const d of sorted) h.update(`\n${d.ruleId}\t${d.key}\t${d.index}`);
  const listId = h.digest('hex').slice(0, 12).toUpperCase();
  const width = Math.max(4, String(sorted.length).length);
  const entries: VerificationEntry[] = sorted.map((d, i) => entryOf(d, `${ID_PREFIX[dep.department]}-${listId.slice(0, 4)}-${String(i + 1).padStart(width, '0')}`, form, o.fullIds === true));
  const withRows = sorted.some((d) => d.rowNumber !== undefined);
  const columns = listColumns(withRows ? H.row : '记录序号');
  const rows: SheetValue[][] = entries.map((e) => [
    e.id,
    e.townshipName ?? e.townshipCode ?? '',
    e.villageName ?? e.villageCode ?? '',
    e.rowNumber ?? e.index + 1,
    e.name ?? '',
    e.shownId,
    e.itemTitle ?? e.item ?? '',
    e.recordedLabel,
    e.departmentLabel,
    e.ruleTitle,
    '',
    '',
    '',
    '',
  ]);
  const extract = getExtractDepartment(dep.department);
  const day = now.toISOString().slice(0, 10);
  const compared = dep.compared !== undefined ? `比对 ${dep.compared} 人，其中 ${dep.agreed ?? 0} 人两边一致（未列出）；` : '';
  const agreeing = dep.agreementFindings ? `两边一致但需县残联关注的 ${dep.agreementFindings} 条见数据校验报告，未列入本清单；` : '';
  const caption = [
    `${dep.name} 待核实清单：残联登记数据与${extract?.extractName ?? '部门数据'}不一致的记录`,
    `清单编号 ${listId}　共 ${entries.length} 条　${compared}${agreeing}数据文件 ${o.sourceFile}，生成于 ${day}`,
    `请逐条核实：在“核实结果”列从下拉列表选择 ${VERIFICATION_ANSWERS.join(' / ')}，填写核实人和核实日期（如 ${day}），需要说明的写在备注。`,
    `请勿修改“核查编号”（返回时按它对应）；可以排序、筛选、加列。本表含个人信息${o.fullIds ? '（含完整身份证号）' : ''}，请妥善保管，核实后发回，不要转发。`,
  ];
  const base = listBaseName(dep.department);
  const xlsx = join(dir, `${base}.xlsx`);
  const csv = join(dir, `${base}.csv`);
  await writeWorkbook(xlsx, [{ name: '待核实清单', columns, rows, caption }], { personal: true });
  await writeCsvTable(csv, columns, rows, { personal: true });
  const sha = async (p: string) => createHash('sha256').update(await readFile(p)).digest('hex');
  const list: VerificationList = {
    listId,
    department: dep.department,
    departmentName: dep.name,
    files: [
      { name: basename(xlsx), sha256: await sha(xlsx) },
      { name: basename(csv), sha256: await sha(csv) },
    ],
    entries,
  };
  if (dep.compared !== undefined) list.compared = dep.compared;
  if (dep.agreed !== undefined) list.agreed = dep.agreed;
  if (dep.agreementFindings !== undefined) list.agreementFindings = dep.agreementFindings;
  return list;
}

function entryOf(d: Discrepancy, id: string, form: ReturnType<typeof personForm>, fullIds: boolean): VerificationEntry {
  const township = d.regionCode && d.regionCode.length >= 9 ? d.regionCode.slice(0, 9) : undefined;
  const village = d.regionCode && d.regionCode.length === 12 ? d.regionCode : undefined;
  const e: VerificationEntry = {
    id,
    ruleId: d.ruleId,
    ruleTitle: d.message,
    index: d.index,
    shownId: fullIds ? d.key : (maskIdentifier(d.key) ?? ''),
    recordedLabel: d.recordedLabel ?? (d.recorded === undefined ? '' : String(d.recorded)),
    departmentLabel: d.departmentLabel ?? (d.departmentValue === undefined ? '' : String(d.departmentValue)),
  };
  if (d.item) {
    e.item = d.item;
    e.itemTitle = itemTitle(form, d.item);
  }
  if (d.field) e.field = d.field;
  if (township) {
    e.townshipCode = township;
    const n = nameOf(township);
    if (n) e.townshipName = n;
  }
  if (village) {
    e.villageCode = village;
    const n = nameOf(village);
    if (n) e.villageName = n;
  }
  if (d.rowNumber !== undefined) e.rowNumber = d.rowNumber;
  if (d.name) e.name = d.name;
  if (fullIds) e.key = d.key;
  // Raw values stay out of the manifest for names (personal data already shown as a label).
  if (d.item !== 'name') {
    if (d.recorded !== undefined) e.recorded = d.recorded;
    if (d.departmentValue !== undefined) e.departmentValue = d.departmentValue;
  }
  if (d.correction) e.correction = d.correction;
  return e;
}
