/**
 * Reading back returned work lists (回收工作清单): the rows of the tables a clerk sent back
 * (found by their headers wherever the columns were moved, rows inserted, blank rows added), matched
 * to the manifest by 编号, turned into actions. Every row read is accounted for: an action, a row
 * not yet acted on, or a finding (unreadable or unmatched) — never dropped silently. No file
 * access: the CLI reads the spreadsheets and hands the tables here.
 */
import { parseVerificationDate } from '@canji/rules';
import { parseActionResult, type ServiceAction, type WorklistManifest } from './actions.js';

/** The column headers of a work list, shared by the writer and the reader. */
export const WORKLIST_HEADERS = {
  id: '编号',
  township: '乡镇（街道）',
  village: '村（社区）',
  name: '姓名',
  residentId: '公民身份号码',
  address: '地址',
  need: '服务需求',
  recorded: '登记情况',
  basis: '依据',
  previous: '上次办理情况',
  measure: '采取的措施',
  date: '办理日期',
  result: '办理结果',
} as const;

/** One table of a returned file: its header and rows (cells as a spreadsheet reader gives them). */
export interface ReturnedTable {
  file: string;
  sheet?: string;
  headers: readonly string[];
  rows: readonly { row: number; cells: readonly unknown[]; formulaColumns?: readonly number[] }[];
}

/** Stable codes of read-back findings. */
export const WORKLIST_FINDING_CODES = [
  'WORKLIST_NO_ENTRY_ID',
  'WORKLIST_UNKNOWN_ENTRY',
  'WORKLIST_INVALID_RESULT',
  'WORKLIST_INVALID_DATE',
  'WORKLIST_DUPLICATE_ENTRY',
  'WORKLIST_FORMULA',
  'WORKLIST_NO_RESULT',
  'WORKLIST_ROW_MISSING',
] as const;
/** One of {@link WORKLIST_FINDING_CODES}. */
export type WorklistFindingCode = (typeof WORKLIST_FINDING_CODES)[number];

/** A problem or notice of a read-back, with where it was found. */
export interface WorklistFinding {
  code: WorklistFindingCode;
  /** `error`: the row was not taken; `notice`: taken, but look at it. */
  severity: 'error' | 'notice';
  file?: string;
  sheet?: string;
  row?: number;
  entryId?: string;
  message: string;
}

/** What a read-back found. */
export interface WorklistReadBack {
  /** The actions read now, in file order. */
  actions: ServiceAction[];
  /** The manifest's history followed by the new actions: what the next round reads. */
  all: ServiceAction[];
  findings: WorklistFinding[];
  counts: {
    /** Non-blank rows read = acted + pending + rejected + duplicates. */
    rows: number;
    acted: number;
    /** Matched rows without a result (stay on the next list). */
    pending: number;
    /** Rows not taken: unreadable or unmatched. */
    rejected: number;
    /** Second rows of an entry with the same result (counted once). */
    duplicates: number;
    /** Blank rows skipped. */
    blank: number;
    /** Entries of the manifest with no row in the returned tables of their unit. */
    missing: number;
  };
}

const key = (h: string): string => h.normalize('NFKC').replace(/[\s\u3000*＊:：]/g, '');
const blank = (v: unknown): boolean => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
const cellText = (v: unknown): string | undefined => {
  if (blank(v)) return undefined;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v).trim();
};

/**
 * Reads the returned tables of a work list against its manifest. An entry acted on twice with the
 * same result keeps the first row; with different results neither is taken
 * (`WORKLIST_DUPLICATE_ENTRY`).
 *
 * @example
 * ```ts
 * const r = readBackWorklists(manifest, [{ file: '星沙街道.xlsx', headers: ['编号', '办理结果'], rows: [{ row: 5, cells: ['FW0123456789AB', '已办理'] }] }]);
 * r.counts; //=> { rows: 1, acted: 1, … } when FW0123456789AB is in the manifest
 * ```
 */
export function readBackWorklists(manifest: WorklistManifest, tables: readonly ReturnedTable[]): WorklistReadBack {
  const H = WORKLIST_HEADERS;
  const entries = new Map(manifest.entries.map((e) => [e.entryId, e]));
  const findings: WorklistFinding[] = [];
  const counts = { rows: 0, acted: 0, pending: 0, rejected: 0, duplicates: 0, blank: 0, missing: 0 };
  const taken = new Map<string, { action: ServiceAction; at: string; loc: { file: string; sheet?: string; row: number } }>();
  const conflicted = new Set<string>();
  const seenEntries = new Set<string>();
  const unitsSeen = new Set<string>();
  for (const t of tables) {
    const col = (h: string) => t.headers.findIndex((x) => key(x) === key(h));
    const c = { id: col(H.id), measure: col(H.measure), date: col(H.date), result: col(H.result) };
    for (const r of t.rows) {
      const at = { file: t.file, ...(t.sheet !== undefined ? { sheet: t.sheet } : {}), row: r.row };
      const where = `${t.file}${t.sheet ? `「${t.sheet}」` : ''}第 ${r.row} 行`;
      if (r.cells.every(blank)) {
        counts.blank++;
        continue;
      }
      counts.rows++;
      const reject = (code: WorklistFindingCode, message: string, entryId?: string) => {
        counts.rejected++;
        findings.push({ code, severity: 'error', ...at, ...(entryId ? { entryId } : {}), message: `${where}：${message}` });
      };
      const id = c.id >= 0 ? cellText(r.cells[c.id])?.normalize('NFKC').replace(/\s+/g, '').toUpperCase() : undefined;
      if (!id) {
        reject('WORKLIST_NO_ENTRY_ID', '没有编号，无法对应到清单中的人员（新增的人员请在下一轮登记中补录）');
        continue;
      }
      const entry = entries.get(id);
      if (!entry) {
        reject('WORKLIST_UNKNOWN_ENTRY', `编号“${id}”不在本次工作清单中（是否改动了编号，或来自另一份清单？）`, id);
        continue;
      }
      seenEntries.add(id);
      unitsSeen.add(entry.unit);
      for (const fc of r.formulaColumns ?? []) {
        if (fc === c.result || fc === c.date || fc === c.measure) findings.push({ code: 'WORKLIST_FORMULA', severity: 'notice', ...at, entryId: id, message: `${where}：“${t.headers[fc]}”是公式，按其计算结果读取` });
      }
      const res = parseActionResult(c.result >= 0 ? r.cells[c.result] : undefined);
      if (!res.ok) {
        reject('WORKLIST_INVALID_RESULT', res.error.message, id);
        continue;
      }
      const dateRaw = c.date >= 0 ? r.cells[c.date] : undefined;
      const date = parseVerificationDate(typeof dateRaw === 'string' ? dateRaw.trim() || undefined : dateRaw);
      if (!date.ok) {
        reject('WORKLIST_INVALID_DATE', date.error.message.replace('核实日期', '办理日期'), id);
        continue;
      }
      const measure = c.measure >= 0 ? cellText(r.cells[c.measure]) : undefined;
      if (res.value === undefined) {
        counts.pending++;
        if (measure || date.value) findings.push({ code: 'WORKLIST_NO_RESULT', severity: 'notice', ...at, entryId: id, message: `${where}：填了措施或日期但没有办理结果，本条仍列入下一轮清单` });
        continue;
      }
      const action: ServiceAction = {
        entryId: id,
        pairId: entry.pairId,
        unit: entry.unit,
        result: res.value,
        ...(measure ? { measure } : {}),
        ...(date.value ? { date: date.value } : {}),
        fingerprint: entry.fingerprint,
        batch: manifest.batch,
        source: at,
      };
      const before = taken.get(id);
      if (before) {
        if (before.action.result !== action.result) {
          conflicted.add(id);
          reject('WORKLIST_DUPLICATE_ENTRY', `编号“${id}”另见于 ${before.at}，两处办理结果不同（${before.action.result}、${action.result}），均未采用`, id);
        } else {
          counts.duplicates++;
          findings.push({ code: 'WORKLIST_DUPLICATE_ENTRY', severity: 'notice', ...at, entryId: id, message: `${where}：编号“${id}”另见于 ${before.at}，结果相同，按一条计` });
        }
        continue;
      }
      taken.set(id, { action, at: where, loc: at });
      counts.acted++;
    }
  }
  for (const id of conflicted) {
    const first = taken.get(id);
    if (!first) continue;
    taken.delete(id);
    counts.acted--;
    counts.rejected++;
    findings.push({ code: 'WORKLIST_DUPLICATE_ENTRY', severity: 'error', ...first.loc, entryId: id, message: `${first.at}：编号“${id}”在别处另有不同的办理结果，均未采用` });
  }
  for (const e of manifest.entries) {
    if (seenEntries.has(e.entryId) || !unitsSeen.has(e.unit)) continue;
    counts.missing++;
    findings.push({ code: 'WORKLIST_ROW_MISSING', severity: 'notice', entryId: e.entryId, message: `编号“${e.entryId}”（${e.file}）在交回的清单中找不到（行被删除？），仍列入下一轮清单` });
  }
  const actions = [...taken.values()].map((x) => x.action);
  return { actions, all: [...manifest.history, ...actions], findings, counts };
}
