/**
 * `canji synth`: reproducible synthetic batches (`@canji/synth`) — persons of a county with real
 * village codes, optionally with labelled errors and partner-department extracts — so the whole
 * toolkit can be tried and benchmarked without any real personal data.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, extname, join } from 'node:path';
import ExcelJS from 'exceljs';
import { flatColumns, toFlatRow } from '@canji/form';
import {
  injectErrors,
  loadSynthVillages,
  synthesizeDepartmentExtracts,
  synthesizePersons,
  writeCsv,
  writeJsonLines,
  writePersonsCsv,
  type CsvEncoding,
  type SynthPersonRecord,
} from '@canji/synth';
import { CliError, EXIT, pathIn, type CliIo, type ExitCode } from '../io.js';
import { assertAsOf } from '../as-of.js';

export interface SynthOptions {
  count: string;
  region: string;
  seed: string;
  asOf: string;
  errors?: string;
  departments?: string;
  headers: 'machine' | 'label';
  encoding: CsvEncoding;
  quiet: boolean;
  out: string;
}

async function writePersonsXlsx(records: Iterable<Readonly<Record<string, unknown>>>, path: string, headers: 'machine' | 'label'): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: false, useStyles: false });
  const ws = wb.addWorksheet('动态1表');
  const keys = flatColumns({ headers: 'machine' });
  const shown = flatColumns({ headers });
  ws.addRow(shown).commit();
  for (const r of records) {
    const flat = toFlatRow(r);
    // IDs and codes stay text: a spreadsheet would turn 18 digits into a rounded number.
    ws.addRow(keys.map((k) => flat[k] ?? null)).commit();
  }
  ws.commit();
  await wb.commit();
}

export async function runSynth(io: CliIo, o: SynthOptions): Promise<ExitCode> {
  const count = Number(o.count);
  if (!Number.isInteger(count) || count < 1 || count > 50_000_000) throw new CliError('USAGE_NUMBER', `--count 应为正整数（收到“${o.count}”）`);
  if (!/^\d{2,12}$/.test(o.region)) throw new CliError('USAGE_REGION', `--region 应为区划代码，如 430121（收到“${o.region}”）`);
  assertAsOf(o.asOf);
  const rate = o.errors === undefined ? undefined : Number(o.errors);
  if (rate !== undefined && !(rate >= 0 && rate <= 1)) throw new CliError('USAGE_NUMBER', `--errors 应在 0 到 1 之间（收到“${o.errors}”）`);
  const ext = extname(o.out).toLowerCase();
  if (!['.csv', '.jsonl', '.xlsx'].includes(ext)) throw new CliError('USAGE_OUT_FORMAT', `无法按扩展名“${ext || '无'}”输出：支持 .csv、.jsonl、.xlsx`);
  const seed = /^\d+$/.test(o.seed) ? Number(o.seed) : o.seed;
  let villages;
  try {
    villages = await loadSynthVillages(o.region);
  } catch (e) {
    throw new CliError('USAGE_REGION', `区划代码未知：${o.region}（${(e as Error).message}）`);
  }
  const stream = synthesizePersons({ seed, count, region: o.region, villages, asOf: o.asOf });
  let records: Iterable<SynthPersonRecord> = stream;
  const out = pathIn(io, o.out);
  await mkdir(dirname(out), { recursive: true });
  let planted = 0;
  if (rate !== undefined || o.departments) {
    const persons = [...stream];
    records = persons;
    let labels: ReturnType<typeof injectErrors>['labels'] = [];
    if (rate !== undefined && rate > 0) {
      const r = injectErrors(persons, { seed: `${o.seed}-errors`, rate, asOf: o.asOf });
      records = r.records;
      labels = r.labels;
      planted = labels.length;
      await writeFile(out.replace(/\.[^.]+$/, '') + '.labels.jsonl', labels.map((l) => JSON.stringify(l)).join('\n') + (labels.length ? '\n' : ''));
    }
    if (o.departments) {
      const dir = pathIn(io, o.departments);
      await mkdir(dir, { recursive: true });
      const { extracts, labels: dl } = synthesizeDepartmentExtracts(persons, { seed: `${o.seed}-departments`, errors: labels });
      for (const [dept, ex] of Object.entries(extracts)) {
        const cols = [...new Set(ex.rows.flatMap((r) => Object.keys(r)))];
        await writeCsv(ex.rows, join(dir, `${dept}.csv`), { columns: cols.map((c) => ({ key: c, header: c })), encoding: o.encoding });
        io.stderr(`部门数据 ${dept}：${ex.rows.length} 行 → ${join(o.departments, `${dept}.csv`)}\n`);
      }
      await writeFile(join(dir, 'disagreements.jsonl'), dl.map((l) => JSON.stringify(l)).join('\n') + (dl.length ? '\n' : ''));
    }
  }
  let written: number;
  if (ext === '.jsonl') written = (await writeJsonLines(records, out)).records;
  else if (ext === '.xlsx') {
    await writePersonsXlsx(records, out, o.headers);
    written = Array.isArray(records) ? records.length : count;
  } else written = (await writePersonsCsv(records, out, { headers: o.headers, encoding: o.encoding })).records;
  io.stdout(`已生成 ${written} 条合成记录 → ${o.out}${planted ? `（注入错误 ${planted} 处，标签见 ${o.out.replace(/\.[^.]+$/, '')}.labels.jsonl）` : ''}\n`);
  return EXIT.OK;
}
