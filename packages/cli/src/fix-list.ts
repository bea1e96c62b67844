/**
 * The list of records to fix (待修改记录): every record with an error or a warning, one row per
 * thing to fix, for the township clerks who correct them — the row of the input file as the
 * spreadsheet shows it, township and village by name, the person's name and masked ID, the item
 * by number and label, the value found and what is expected (as labels), the rule. One sheet per
 * township (and a summary sheet first), sorted so a township works down its list; the same rows
 * as CSV beside it for machines.
 */
import { formItem, itemTitle, personForm, valueLabel, type FormDefinition } from '@canji/form';
import { maskIdentifier } from '@canji/id';
import { maskMessage, messageWithRow, type Issue, type PersonRecord, type Severity } from '@canji/rules';
import type { RecordFindings } from './check-file.js';
import { loadVillages } from '@canji/regions';
import { regionName } from './region-name.js';
import { writeCsvTable, writeWorkbook, type SheetColumn, type SheetSpec, type SheetValue } from './sheets.js';

/** Options of {@link FixList}. */
export interface FixListOptions {
  /** A form definition (e.g. extended) to label items and codes with, instead of the built-in form of the file's version. */
  form?: FormDefinition;
  /** Full ID numbers in the list instead of masked ones (the list then holds personal identifiers: say so). */
  fullIds?: boolean;
  /** Rule titles by id (the report's rules), for the 规则 column. */
  ruleTitles?: ReadonlyMap<string, string>;
  /** One sheet for all townships (with a township column, as always) instead of one per township. */
  singleSheet?: boolean;
  /** Caption lines above each sheet's table (title, file, date). */
  caption?: readonly string[];
}

/** One row of the list (one thing to fix on one record). */
export interface FixRow {
  rowNumber: number;
  township: string;
  townshipName: string;
  village: string;
  villageName: string;
  name: string;
  residentId: string;
  severity: Severity;
  item: string;
  itemTitle: string;
  found: string;
  expected: string;
  problem: string;
  ruleId: string;
  ruleTitle: string;
}

const SEVERITY_ZH: Record<Severity, string> = { error: '错误', warning: '警告' };

/** The columns of the list, in order. */
export const FIX_LIST_COLUMNS: readonly SheetColumn[] = [
  { header: '行号', kind: 'integer', width: 8 },
  { header: '乡镇（街道）', width: 18 },
  { header: '村（社区）', width: 18 },
  { header: '姓名', width: 10 },
  { header: '公民身份号码', width: 21 },
  { header: '级别', width: 6 },
  { header: '项目', width: 26 },
  { header: '填报值', width: 22 },
  { header: '应为', width: 24 },
  { header: '问题', width: 50 },
  { header: '规则', width: 30 },
  { header: '规则编号', width: 26 },
  { header: '修改情况', width: 14, choices: ['已修改', '经核实无误', '无法修改'], prompt: '修改后选“已修改”；核实原数据无误选“经核实无误”' },
  { header: '备注', width: 20 },
];

/** Whether an item holds an ID or certificate number (a direct identifier that is not a name). */
const isIdNumberItem = (form: FormDefinition, key: string): boolean => formItem(form, key)?.identifier === 'direct' && !/name/.test(key);

const text = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));

/**
 * Collects the records with issues of a check (give {@link FixList.add} to `checkFile`'s
 * `onFindings`) and writes the list. Keeps one small row per finding (the records are not kept).
 *
 * @example
 * ```ts
 * const list = new FixList();
 * const { report } = await checkFile('county.csv', { onFindings: (f) => list.add(f) });
 * await list.write('out/待修改记录.xlsx'); // and out/待修改记录.csv
 * ```
 */
export class FixList {
  private readonly rows: FixRow[] = [];
  private form: FormDefinition;
  private readonly names = new Map<string, string>();

  constructor(private readonly options: FixListOptions = {}) {
    this.form = options.form ?? personForm('2017');
  }

  /** Rows collected so far. */
  get size(): number {
    return this.rows.length;
  }

  private region(code: string): string {
    if (!code) return '';
    let n = this.names.get(code);
    if (n === undefined) this.names.set(code, (n = regionName(code) ?? ''));
    return n;
  }

  /** Adds a record's findings: one row per finding (an issue without findings is one row on its first item). */
  add(f: RecordFindings): void {
    if (f.formVersion && f.formVersion !== this.form.version && !this.options.form) this.form = personForm(f.formVersion);
    const r = f.record;
    const code = typeof r.region_code === 'string' ? r.region_code : '';
    const township = code.length >= 9 ? code.slice(0, 9) : '';
    const village = code.length >= 12 ? code.slice(0, 12) : '';
    const id = text(r.resident_id) || text(r.certificate_no).slice(0, 18);
    const residentId = this.options.fullIds ? id : (maskIdentifier(id) ?? '');
    const base = {
      rowNumber: f.rowNumber,
      township,
      townshipName: '',
      village,
      villageName: '',
      name: text(r.name),
      residentId,
    };
    for (const issue of f.issues) for (const x of this.findingsOf(issue, r, f.rowOf)) this.rows.push({ ...base, ...x });
  }

  private findingsOf(issue: Issue, r: PersonRecord, rowOf: RecordFindings['rowOf']): Omit<FixRow, keyof Pick<FixRow, 'rowNumber' | 'township' | 'townshipName' | 'village' | 'villageName' | 'name' | 'residentId'>>[] {
    const ruleTitle = this.options.ruleTitles?.get(issue.ruleId) ?? '';
    const mask = (s: string) => (this.options.fullIds ? s : maskMessage(s));
    const shown = (item: string, v: unknown): string => {
      if (v === undefined) return '';
      const s = valueLabel(this.form, item, v);
      // ID numbers (the person's, the householder's, the certificate) masked; names are shown: the clerk needs them.
      return isIdNumberItem(this.form, item) && !this.options.fullIds ? (maskIdentifier(s) ?? s) : s;
    };
    const common = { severity: issue.severity, ruleId: issue.ruleId, ruleTitle };
    if (issue.ruleId.startsWith('BATCH_') && typeof issue.recorded === 'number') {
      // A batch rule pointing at another record (the first occurrence of a duplicate): by its file row, as the clerk finds it.
      const other = rowOf(issue.recorded);
      const item = issue.items[0] ?? '';
      return [{ ...common, item, itemTitle: issue.items.map((k) => itemTitle(this.form, k)).join('、'), found: `与第 ${other} 行重复`, expected: '同一人只登记一次', problem: mask(messageWithRow(issue.message, issue.recorded, other)) }];
    }
    if (issue.findings?.length) {
      return issue.findings.map((x) => ({
        ...common,
        item: x.item,
        itemTitle: itemTitle(this.form, x.item),
        found: shown(x.item, x.recorded),
        expected: x.expected ?? '',
        problem: mask(x.message),
      }));
    }
    const item = issue.items[0] ?? '';
    const found = issue.recorded !== undefined && issue.department === undefined && issue.items.length === 1 ? issue.recorded : issue.items.length === 1 ? r[item] : undefined;
    const expected = issue.department && issue.departmentValue !== undefined ? `部门数据：${shown(item, issue.departmentValue)}` : '';
    return [
      {
        ...common,
        item,
        itemTitle: issue.items.map((k) => itemTitle(this.form, k)).join('、'),
        found: issue.items.length === 1 ? shown(item, found) : issue.items.map((k) => (r[k] === undefined ? '' : `${itemTitle(this.form, k)}=${shown(k, r[k])}`)).filter(Boolean).join('；'),
        expected,
        problem: mask(issue.message),
      },
    ];
  }

  /** The rows sorted as a township works down its list: township, village, file row, errors first. */
  sorted(): FixRow[] {
    return this.rows.slice().sort((a, b) => (a.township < b.township ? -1 : a.township > b.township ? 1 : a.village < b.village ? -1 : a.village > b.village ? 1 : a.rowNumber - b.rowNumber || (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1)));
  }

  private static cells(r: FixRow): SheetValue[] {
    return [r.rowNumber, r.townshipName || r.township || '（区划代码无法识别）', r.villageName || r.village, r.name, r.residentId, SEVERITY_ZH[r.severity], r.itemTitle, r.found, r.expected, r.problem, r.ruleTitle, r.ruleId, '', ''];
  }

  /**
   * Writes the list as XLSX (`path`, a summary sheet and one sheet per township) and as CSV
   * beside it (same name, `.csv`; machine format). Both atomically, mode 0600 (names and IDs).
   * Returns the paths written.
   */
  async write(path: string): Promise<{ xlsx: string; csv: string }> {
    // Names from the region table; village tables only for the provinces on the list.
    for (const p of new Set(this.rows.map((r) => r.village.slice(0, 2)).filter((p) => p.length === 2))) {
      try {
        await loadVillages(p);
      } catch {
        // A province without a village table: villages are shown by code.
      }
    }
    for (const r of this.rows) {
      r.townshipName = this.region(r.township);
      r.villageName = this.region(r.village);
    }
    const rows = this.sorted();
    const csv = path.replace(/\.xlsx$/i, '') + '.csv';
    const caption = this.options.caption ?? [];
    const summary: SheetSpec = {
      name: '汇总',
      caption: [...caption, `共 ${rows.length} 处待修改（${new Set(rows.map((r) => r.rowNumber)).size} 条记录）；每个乡镇（街道）一张工作表，按村和行号排列。“行号”是原文件中的行号。`],
      columns: [
        { header: '乡镇（街道）', width: 22 },
        { header: '区划代码', width: 14 },
        { header: '记录数', kind: 'integer', width: 8 },
        { header: '错误', kind: 'integer', width: 8 },
        { header: '警告', kind: 'integer', width: 8 },
      ],
      rows: townshipSummary(rows),
      spareRows: 0,
    };
    const sheets: SheetSpec[] = [summary];
    if (this.options.singleSheet) sheets.push({ name: '待修改记录', caption, columns: FIX_LIST_COLUMNS, rows: rows.map(FixList.cells) });
    else {
      for (const [, group] of groupBy(rows, (r) => r.township)) {
        const t = group[0]!;
        sheets.push({ name: t.townshipName || t.township || '区划不明', caption: [...caption, `${t.townshipName || t.township || '区划代码无法识别'}：${group.length} 处待修改`], columns: FIX_LIST_COLUMNS, rows: group.map(FixList.cells) });
      }
    }
    await writeWorkbook(path, sheets, { personal: true });
    await writeCsvTable(csv, FIX_LIST_COLUMNS.slice(0, 12).concat([{ header: '乡镇区划代码' }]), rows.map((r) => [...FixList.cells(r).slice(0, 12), r.township]), { personal: true });
    return { xlsx: path, csv };
  }
}

function groupBy<T>(rows: readonly T[], key: (r: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const g = m.get(k);
    if (g) g.push(r);
    else m.set(k, [r]);
  }
  return m;
}

function townshipSummary(rows: readonly FixRow[]): SheetValue[][] {
  const out: SheetValue[][] = [];
  for (const [code, group] of groupBy(rows, (r) => r.township)) {
    out.push([group[0]!.townshipName || '（区划代码无法识别）', code, new Set(group.map((r) => r.rowNumber)).size, group.filter((r) => r.severity === 'error').length, group.filter((r) => r.severity === 'warning').length]);
  }
  return out;
}
