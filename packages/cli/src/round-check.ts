/**
 * The round-to-round reconciliation of `canji check --previous LAST --roster ROSTER`: this round's
 * records (as the check reads them), the previous round's, the certificate roster (底册) and the
 * public-security extract when `--dept public-security=…` is given, through `@canji/rounds`'
 * reconciler. Keeps, per person of each source, only what a list for people shows (row, name, ID,
 * certificate number, region), so the lists to act on can name everyone the reconciliation lists.
 */
import { basename, join } from 'node:path';
import { maskIdentifier } from '@canji/id';
import type { RegionLevel } from '@canji/regions';
import { loadVillageNames, regionNameOf as nameOf } from './region-names.js';
import type { PersonFormVersion } from '@canji/form';
import { createReconciler, ROUND_CLASS_LABELS, type ListEntry, type Reconciler, type RoundClass, type RoundReconciliation } from '@canji/rounds';
import type { TextEncoding } from './encoding.js';
import { CliError, type CliIo } from './io.js';
import { openInput, titleNotice } from './read.js';
import { writeCsvTable, writeWorkbook, type SheetColumn, type SheetValue } from './sheets.js';

/** What a list shows of one person of one source. */
interface Person {
  row: number;
  name?: string;
  id?: string;
  certificate?: string;
  region?: string;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : typeof v === 'number' ? String(v) : undefined);
function personOf(record: Readonly<Record<string, unknown>>, row: number): Person {
  const p: Person = { row };
  const name = str(record.name);
  const id = str(record.resident_id);
  const cert = str(record.certificate_no);
  const region = str(record.region_code);
  if (name) p.name = name;
  if (id) p.id = id;
  if (cert) p.certificate = cert;
  if (region) p.region = region;
  return p;
}

/** Options of {@link createRoundCheck}. */
export interface RoundCheckOptions {
  /** Reference date; absent: the first record's `reference_date`. */
  asOf?: string;
  /** The batch's area (`--region`); absent: the counties of this round's records. */
  region?: string;
  /** Level of the counts (default township). */
  level?: RegionLevel;
  /**
   * The previous round: its form version, and a reader that streams its records with their file
   * rows (called once, by `finish`; the records are not kept).
   */
  previous?: { formVersion: PersonFormVersion; read: (each: (record: Readonly<Record<string, unknown>>, rowNumber: number) => void) => Promise<void> };
  /** The roster file (`--roster`), and the public-security extract (`--dept public-security=…`). */
  rosterPath?: string;
  rosterShown?: string;
  publicSecurityPath?: string;
  encoding?: TextEncoding;
}

/** A finished reconciliation and what the lists need. */
export interface RoundCheckResult {
  reconciliation: RoundReconciliation;
  people: { current: Person[]; previous: Person[]; roster: Person[] };
}

/**
 * Collects this round's records as the check reads them (`addCurrent`), then reads the previous
 * round, the roster and the public-security extract and reconciles (`finish`).
 */
export function createRoundCheck(io: CliIo, o: RoundCheckOptions) {
  let reconciler: Reconciler | undefined;
  let formVersion: PersonFormVersion = '2017';
  const people: RoundCheckResult['people'] = { current: [], previous: [], roster: [] };
  const make = (asOf: string): Reconciler =>
    createReconciler({
      asOf,
      regionLevel: o.level ?? 'township',
      ...(o.region ? { scope: [o.region] } : {}),
      formVersions: { previous: o.previous?.formVersion ?? formVersion, current: formVersion },
      sources: { previous: o.previous !== undefined, roster: o.rosterPath !== undefined, publicSecurity: o.publicSecurityPath !== undefined },
    });
  const asOfOf = (record: Readonly<Record<string, unknown>> | undefined): string => {
    const given = o.asOf ?? str(record?.reference_date);
    if (!given || !/^\d{4}-\d{2}-\d{2}/.test(given)) {
      throw new CliError('USAGE_ROUNDS_AS_OF', '与上一轮和底册比对需要标准时点：记录中没有可读的标准时点（reference_date），请用 --as-of YYYY-MM-DD 给出');
    }
    return given.slice(0, 10);
  };
  return {
    /** The form version this round is read with (known once the header is read). */
    setFormVersion(v: PersonFormVersion): void {
      formVersion = v;
    },
    addCurrent(record: Readonly<Record<string, unknown>>, rowNumber: number): void {
      reconciler ??= make(asOfOf(record));
      reconciler.addCurrent(record);
      people.current.push(personOf(record, rowNumber));
    },
    async finish(): Promise<RoundCheckResult> {
      const r = (reconciler ??= make(asOfOf(undefined)));
      if (o.previous) {
        await o.previous.read((rec, rowNumber) => {
          r.addPrevious(rec);
          people.previous.push(personOf(rec, rowNumber));
        });
      }
      if (o.rosterPath) {
        const source = await openInput(io, o.rosterPath, o.encoding ? { encoding: o.encoding } : {});
        let read = 0;
        let rejected = 0;
        for await (const item of source.items()) {
          if (item.kind === 'header') {
            if (item.skipped) io.stderr(titleNotice(item.skipped));
            continue;
          }
          read++;
          if (item.kind === 'reject') {
            rejected++;
            continue;
          }
          const parsed = r.addRosterRow(item.row);
          people.roster.push(personOf(parsed.record as Record<string, unknown>, item.rowNumber));
        }
        io.stderr(`底册（${o.rosterShown ?? basename(o.rosterPath)}）：读取 ${read} 行，无法拆分 ${rejected} 行\n`);
      }
      if (o.publicSecurityPath) {
        const source = await openInput(io, o.publicSecurityPath, o.encoding ? { encoding: o.encoding } : {});
        for await (const item of source.items()) if (item.kind === 'row') r.addPublicSecurityRow(item.row);
      }
      return { reconciliation: r.result(), people };
    },
  };
}

/** The sheets of a township's workbook, one per class, in the order a supervisor acts on them. */
const LIST_CLASSES: readonly { cls: RoundClass; sheet: string }[] = [
  { cls: 'not-updated', sheet: '未更新' },
  { cls: 'not-in-roster', sheet: '无有效证件' },
  { cls: 'exited', sheet: '退出' },
  { cls: 'new', sheet: '新增' },
  { cls: 'moved-within', sheet: '县内迁移' },
];

const COLUMNS: SheetColumn[] = [
  { header: '类别', width: 22 },
  { header: '原因', width: 12 },
  { header: '乡镇（街道）', width: 16 },
  { header: '村（社区）', width: 18 },
  { header: '地区代码', width: 14 },
  { header: '姓名', width: 10 },
  { header: '公民身份号码', width: 21 },
  { header: '残疾人证号', width: 23 },
  { header: '上一轮地区', width: 20 },
  { header: '依据', width: 40 },
  { header: '本轮行号', kind: 'integer', width: 9 },
  { header: '上一轮行号', kind: 'integer', width: 10 },
  { header: '底册行号', kind: 'integer', width: 9 },
  { header: '处理情况', width: 24, prompt: '填写处理结果，如：已入户更新、已注销、已迁出' },
];

/** The files written by {@link writeRoundLists}. */
export interface RoundListsWritten {
  files: string[];
  persons: number;
}

/**
 * Writes the lists to act on: per township `DIR/<乡镇代码> <乡镇>.xlsx` with a sheet per class
 * (未更新, 无有效证件, 退出, 新增, 县内迁移) and `DIR/轮次比对清单.csv` with everyone for machines.
 * IDs and certificate numbers masked unless `fullIds`; names shown (the township must find the
 * person). Every file is personal data (mode 0600).
 */
export async function writeRoundLists(dir: string, result: RoundCheckResult, options: { fullIds?: boolean; sourceFile: string; asOf: string }): Promise<RoundListsWritten> {
  const { reconciliation: rec, people } = result;
  const person = (e: ListEntry): Person | undefined => (e.rows.current !== undefined ? people.current[e.rows.current] : e.rows.previous !== undefined ? people.previous[e.rows.previous] : e.rows.roster !== undefined ? people.roster[e.rows.roster] : undefined);
  await loadVillageNames(rec.lists.map((e) => e.region));
  const mask = (v: string | undefined) => (v === undefined ? '' : options.fullIds ? v : (maskIdentifier(v) ?? ''));
  const rowOf = (e: ListEntry): SheetValue[] => {
    const p = person(e);
    const region = e.region ?? p?.region;
    const town = region && region.length >= 9 ? region.slice(0, 9) : undefined;
    return [
      e.classLabel,
      e.reasonLabel ?? '',
      town ? `${nameOf(town) ?? ''} ${town}`.trim() : '',
      region && region.length === 12 ? nameOf(region) ?? '' : '',
      region ?? '',
      p?.name ?? '',
      mask(p?.id),
      mask(p?.certificate),
      e.previousRegion ? `${nameOf(e.previousRegion) ?? ''} ${e.previousRegion}`.trim() : '',
      e.evidence.map((x) => rec.labels.evidence[x] ?? x).join('；'),
      e.rows.current !== undefined ? people.current[e.rows.current]?.row : undefined,
      e.rows.previous !== undefined ? people.previous[e.rows.previous]?.row : undefined,
      e.rows.roster !== undefined ? people.roster[e.rows.roster]?.row : undefined,
      '',
    ];
  };
  const byTown = new Map<string, ListEntry[]>();
  for (const e of rec.lists) {
    const unit = e.unit ?? '地区不详';
    let l = byTown.get(unit);
    if (!l) byTown.set(unit, (l = []));
    l.push(e);
  }
  const files: string[] = [];
  const caption = (town: string) => [`与上一轮和底册比对：需要处理的人员（${town}）`, `数据文件：${options.sourceFile}；标准时点：${options.asOf}${options.fullIds ? '' : '；身份证号和证号已脱敏'}`];
  for (const [unit, entries] of [...byTown].sort(([a], [b]) => a.localeCompare(b))) {
    const label = unit === '地区不详' ? unit : `${unit} ${nameOf(unit) ?? ''}`.trim();
    const sheets = LIST_CLASSES.map(({ cls, sheet }) => ({ sheet, rows: entries.filter((e) => e.class === cls) }))
      .filter((s) => s.rows.length > 0)
      .map((s) => ({ name: s.sheet, columns: COLUMNS, rows: s.rows.map(rowOf), caption: caption(label), spareRows: 0 }));
    const file = join(dir, `${label.replace(/[\\/:*?"<>|]/g, '_')}.xlsx`);
    await writeWorkbook(file, sheets, { personal: true });
    files.push(file);
  }
  const csv = join(dir, '轮次比对清单.csv');
  await writeCsvTable(csv, COLUMNS, rec.lists.map(rowOf), { personal: true });
  files.push(csv);
  return { files, persons: rec.lists.length };
}

export { ROUND_CLASS_LABELS };
