/**
 * Option helpers shared by the command definitions in `cli.ts` and `define/*.ts`. Light: commander
 * and the encoding table only — a command's module is loaded when its action runs.
 */
import { Option, type Command } from 'commander';
import { encodingFromOption, type TextEncoding } from './encoding.js';
import type { FileFormat } from './sources.js';
import { CliError, type CliIo, type ExitCode } from './io.js';

/** What a command definition needs from the program: the streams and where to put the exit code. */
export interface DefineContext {
  readonly io: CliIo;
  readonly setExit: (code: ExitCode) => void;
}

export const collect = (v: string, prev: string[]) => [...prev, v];

export function encodingOpt(v: string | undefined): TextEncoding | undefined {
  const e = encodingFromOption(v);
  if (e === 'invalid') throw new CliError('USAGE_ENCODING', `不支持的编码“${v}”：可用 auto、utf8、gbk、gb18030、utf16le、utf16be`);
  return e;
}

export function intOpt(name: string, v: string | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n)) throw new CliError('USAGE_NUMBER', `${name} 应为整数（收到“${v}”）`);
  return n;
}

/** The help text of `--sheet`, the same on every command that reads a batch. */
export const SHEET_HELP = 'XLSX 文件读哪张工作表：名称或从 1 起的序号（默认第一张）';

/**
 * The options of a command that reads a person batch: `--encoding`, `--input-format`, `--sheet`
 * (the worksheet of an XLSX input; a command that defines its own `--sheet` keeps it) and `--quiet`.
 * `-` as the input file reads stdin where the command's action wraps it in `withInputFile`.
 *
 * @example
 * ```ts
 * inputOptions(program.command('indicators <file>')).action(async (file, opts) => run(io, file, { ...opts, encoding: encodingOpt(opts.encoding), format: opts.inputFormat }));
 * ```
 */
export const inputOptions = (c: Command) => {
  c.addOption(new Option('--encoding <enc>', 'CSV/JSONL 编码：auto（自动识别 UTF-8、UTF-8 BOM、GBK/GB18030、UTF-16）、utf8、gbk、gb18030、utf16le、utf16be').default('auto'))
    .addOption(new Option('--input-format <fmt>', '输入格式（默认按扩展名）').choices(['csv', 'xlsx', 'jsonl', 'parquet']));
  if (!c.options.some((o) => o.long === '--sheet')) c.option('--sheet <name|n>', SHEET_HELP);
  return c.option('-q, --quiet', '不显示进度', false);
};

/** What a reader takes from the parsed input options: the encoding, the format and the worksheet. */
export interface ReadingOptions {
  /** `--encoding`: the text encoding of a CSV / JSON Lines input (default: detected). */
  encoding?: TextEncoding;
  /** `--input-format csv|xlsx|jsonl` (default: by the file extension). */
  format?: FileFormat;
  /** `--sheet NAME|N`: the worksheet of an XLSX input (default the first). */
  sheet?: string;
}

/** The input options of a command that reads a person batch: the reading options, `--form` and `--quiet`. */
export interface BatchInputOptions extends ReadingOptions {
  /** `--form 2016|2017|2021`; absent: recognised from the header. */
  form?: string;
  /** `--quiet`: no progress. */
  quiet?: boolean;
}

/**
 * The reading options of a command's own option object, as a reader takes them (absent ones left out).
 *
 * @example
 * ```ts
 * await readPersonRecords(io, path, { quiet: o.quiet, label: '统计', ...reading(o) }); // --encoding, --input-format, --sheet
 * ```
 */
export function reading(o: ReadingOptions): ReadingOptions {
  return { ...(o.encoding ? { encoding: o.encoding } : {}), ...(o.format ? { format: o.format } : {}), ...(o.sheet !== undefined ? { sheet: o.sheet } : {}) };
}

/**
 * The help of `--json` per command: what the one line of JSON on stdout holds. The same shapes are
 * documented in docs/guides/cli.md (“在管道中使用”).
 */
export const JSON_HELP = {
  indicators:
    '在标准输出写一行 JSON 摘要，不打印表格：{tool, input, formVersion, asOf, records{read,processed,rejected,unreadableCells}, totals[{indicator,name,unit,numerator,denominator,missing,value,ciLower,ciUpper,target,suppressed}], rows, suppression{threshold,hiddenRows}|null, checksOk, written[], exitCode, exitMeaning}（有 --previous 时为 rounds、persons、rows{all,continuing,trend}）；给人看的信息写到标准错误',
  deid: '在标准输出写一行 JSON 摘要：{tool, input, formVersion, records{read,processed,rejected,released,suppressed}, k, kBefore, achievedK, maximumRisk, quasiIdentifiers[], droppedQuasiIdentifiers[], key{keyId,fingerprint}|null, written[{kind,path}], problem, exitCode, exitMeaning}；给人看的信息写到标准错误',
  verify: '在标准输出写一行 JSON 摘要：{tool, files, rows, findings{errors,notices}, departments[{department,name,listed,answered,byAnswer,invalid,unanswered,rate,closedRate}], total, corrections, open, written[], exitCode, exitMeaning}；给人看的信息写到标准错误',
} as const;
