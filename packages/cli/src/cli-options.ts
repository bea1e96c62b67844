/**
 * Option helpers shared by the command definitions in `cli.ts` and `define/*.ts`. Light: commander
 * and the encoding table only — a command's module is loaded when its action runs.
 */
import { Option, type Command } from 'commander';
import { encodingFromOption, type TextEncoding } from './encoding.js';
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

export const inputOptions = (c: Command) =>
  c
    .addOption(new Option('--encoding <enc>', 'CSV/JSONL 编码：auto（自动识别 UTF-8、UTF-8 BOM、GBK/GB18030、UTF-16）、utf8、gbk、gb18030、utf16le、utf16be').default('auto'))
    .addOption(new Option('--input-format <fmt>', '输入格式（默认按扩展名）').choices(['csv', 'xlsx', 'jsonl']))
    .option('-q, --quiet', '不显示进度', false);

