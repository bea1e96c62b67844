/**
 * `canji release <table.json> --approval a.json --audience public -o 发布表.xlsx`: the release gate
 * (`@canji/review`): the approval checked, small cells suppressed (primary and complementary, along
 * the region hierarchy), the suppression audited exactly, then the released table and its release
 * record (`<out>.release.json`) written. Nothing is written when any check fails.
 */
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { getRegion } from '@canji/regions';
import {
  RELEASE_AUDIENCE_LABELS,
  RELEASED_TABLE_HEADERS,
  parseIndicatorTable,
  parseReleaseApproval,
  releaseIndicatorTable,
  releasedTableRows,
  type ReleaseAudience,
} from '@canji/review';
import { CliError, EXIT, pathIn, readReason, type CliIo, type ExitCode } from '../io.js';
import { checkOutputPath, writeOutput } from '../output-file.js';
import { generatedDate } from '../report-meta.js';
import { assertDateOption } from '../as-of.js';
import { writeCsvTable, writeWorkbook, type SheetColumn } from '../sheets.js';
import { CLI_VERSION } from '../version.js';

/** The options of `canji release` as the command line gives them (see `canji release --help`). */
export interface ReleaseCliOptions {
  approval: string;
  audience: ReleaseAudience;
  minCell: string;
  protection?: string;
  indicator: string[];
  releasedOn?: string;
  out: string;
}

async function readJson(io: CliIo, file: string, what: string): Promise<{ json: unknown; bytes: Buffer }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(pathIn(io, file));
  } catch {
    throw new CliError('INPUT_NOT_FOUND', `找不到${what}“${file}”`);
  }
  try {
    return { json: JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, '')), bytes };
  } catch (e) {
    throw new CliError('INPUT_JSON', `${what}“${file}”不是有效的 JSON：${readReason(e)}`);
  }
}

const positiveInt = (name: string, v: string | undefined): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new CliError('USAGE_NUMBER', `${name} 应为正整数（收到“${v}”）`);
  return n;
};

const COLUMNS: SheetColumn[] = RELEASED_TABLE_HEADERS.map((header, i) => ({
  header,
  kind: i >= 3 && i <= 5 ? 'integer' : i >= 6 && i <= 8 ? 'number' : 'text',
  ...(i === 1 ? { width: 28 } : i === 2 ? { width: 30 } : {}),
}));

export async function runRelease(io: CliIo, tableFile: string, o: ReleaseCliOptions): Promise<ExitCode> {
  const ext = extname(o.out).toLowerCase();
  if (ext !== '.csv' && ext !== '.xlsx') throw new CliError('USAGE_OUT_FORMAT', `无法按扩展名“${ext || '无'}”输出发布表：支持 .csv、.xlsx`);
  const minCell = positiveInt('--min-cell', o.minCell) ?? 5;
  if (minCell < 2) throw new CliError('USAGE_NUMBER', '--min-cell 应不小于 2');
  const protection = positiveInt('--protection', o.protection);
  if (o.releasedOn !== undefined) assertDateOption('--released-on', o.releasedOn);
  const releasedOn = o.releasedOn ?? generatedDate();
  const outPath = pathIn(io, o.out);
  const recordPath = `${outPath}.release.json`;
  for (const p of [outPath, recordPath]) checkOutputPath(p);

  const approvalJson = await readJson(io, o.approval, '批准记录');
  const approval = parseReleaseApproval(approvalJson.json);
  if (!approval.ok) throw new CliError(approval.error.code, `批准记录“${o.approval}”无效：${approval.error.message}`);
  const input = await readJson(io, tableFile, '指标表');
  const table = parseIndicatorTable(input.json);
  if (!table.ok) throw new CliError(table.error.code, table.error.message);
  const inputSha256 = createHash('sha256').update(input.bytes).digest('hex');

  const regionName = (code: string) => getRegion(code)?.fullName;
  const released = releaseIndicatorTable(table.value, {
    approval: approval.value,
    audience: o.audience,
    minCell,
    ...(protection !== undefined ? { protection } : {}),
    ...(o.indicator.length ? { indicators: o.indicator } : {}),
    releasedOn,
    inputSha256,
    canjiVersion: CLI_VERSION,
  });
  if (!released.ok) {
    if (released.error.code === 'RELEASE_AUDIT_FAILED') {
      io.stderr(`发布审核未通过 [${released.error.code}]：${released.error.message}\n`);
      return EXIT.PROBLEMS;
    }
    throw new CliError(released.error.code, released.error.message);
  }
  const r = released.value;
  const rows = releasedTableRows(r, { regionName });
  const a = approval.value;
  if (ext === '.csv') await writeCsvTable(outPath, COLUMNS, rows);
  else {
    await writeWorkbook(outPath, [
      {
        name: '发布表',
        columns: COLUMNS,
        rows,
        caption: [
          `指标发布表（参照日期 ${r.result.asOf}，${RELEASE_AUDIENCE_LABELS[o.audience]}）`,
          `批准：${a.approver}，批准文号 ${a.approvalNo}，${a.date}${a.recipients?.length ? `；发布对象：${a.recipients.join('、')}` : ''}`,
          `人数为 1–${minCell - 1} 的格及可由其推算的格已抑制（“已抑制”行不显示计数）；发布记录见 ${basename(o.out)}.release.json`,
        ],
      },
    ]);
  }
  const outSha256 = createHash('sha256').update(await readFile(outPath)).digest('hex');
  const record = { ...r.record, output: { file: basename(o.out), sha256: outSha256 } };
  await writeOutput(recordPath, (tmp) => writeFile(tmp, JSON.stringify(record, null, 2) + '\n'));
  const s = r.record.suppression;
  io.stderr(`发布审核通过：${s.rows} 行中公布 ${s.published} 行，抑制 ${s.rows - s.published} 行（首要 ${s.hidden.primary}、补充 ${s.hidden.secondary}、关联 ${s.hidden.linked}、保护区间 ${s.hidden.protection}）；精确审核 ${r.record.audit.checkedCounts} 个被抑制的计数，范围宽度均不小于 ${s.protection}\n`);
  io.stderr(`发布表已写入 ${o.out}，发布记录 ${o.out}.release.json（批准文号 ${a.approvalNo}，${RELEASE_AUDIENCE_LABELS[o.audience]}）\n`);
  return EXIT.OK;
}
