/**
 * What a command writes to and reads from: injected, so tests run commands in-process and the
 * `canji` binary passes the real process streams.
 */
import { resolve } from 'node:path';

export interface CliIo {
  /** Results (reports printed to the terminal, search hits, schemas). */
  stdout: (text: string) => void;
  /** Progress, warnings, rejected rows, summaries. */
  stderr: (text: string) => void;
  /** Whether stderr is a terminal: a progress bar there, plain lines otherwise. */
  isTTY: boolean;
  /** Directory relative paths are resolved against. */
  cwd: string;
  /**
   * What a command reads when its input file is given as `-` (`canji check - < persons.csv`);
   * the process's stdin in the binary. Without it, `-` is a usage error (`USAGE_STDIN`).
   */
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
  /**
   * A host that shows progress itself (the browser workbench's progress bar): called as a long
   * read goes on — what is being done (`校验`), rows and bytes read, the input's size, and `done`
   * at the end — instead of the terminal bar or the plain lines, even with `--quiet`.
   */
  progress?: (p: { label: string; rows: number; bytesRead: number; totalBytes: number; done?: boolean }) => void;
}

/**
 * Exit codes of `canji`, each with one meaning: 0 clean, 1 problems found in the data (see
 * `--fail-on`), 2 usage or input error (a bad option, an unreadable input file), 3 failure of this
 * run (an output that could not be written, a full disk, an interruption, an internal error).
 *
 * @example
 * ```ts
 * (await run(['check', 'county.csv'])) === EXIT.PROBLEMS; //=> true when the batch has errors
 * ```
 */
export const EXIT = { OK: 0, PROBLEMS: 1, USAGE: 2, FAILURE: 3 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * A usage or input error: printed as `错误 [CODE]：message`, exit code 2.
 *
 * @example
 * ```ts
 * throw new CliError('INPUT_EMPTY', '文件“a.csv”是空的'); // canji prints 错误 [INPUT_EMPTY]：… and exits 2
 * ```
 */
export class CliError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly exitCode: ExitCode = EXIT.USAGE,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export function processIo(): CliIo {
  return {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    isTTY: Boolean(process.stderr.isTTY),
    cwd: process.cwd(),
    // A getter: touching process.stdin opens it, which only a command reading `-` should do.
    get stdin() {
      return process.stdin;
    },
  };
}

export const pathIn = (io: CliIo, p: string): string => resolve(io.cwd, p);

const CSV_REASONS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: '引号没有闭合',
  CSV_INVALID_CLOSING_QUOTE: '引号后面紧跟了其他字符',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: '引号后面紧跟了其他字符',
  CSV_RECORD_INCONSISTENT_FIELDS_LENGTH: '各行的列数不一致',
  CSV_RECORD_DONT_MATCH_COLUMNS_LENGTH: '各行的列数不一致',
  CSV_MAX_RECORD_SIZE: '一行过长',
};

/**
 * Why a file could not be read or parsed, in zh-CN: the messages of Node's file system, of
 * `JSON.parse` and of the CSV parser are English (`ENOENT: no such file or directory …`,
 * `Unexpected token } in JSON at position 5`), and never reach the user as they are. A message
 * that is already Chinese (a `CliError`'s) is kept; an unknown English one is kept only as the
 * technical detail in brackets after a Chinese reason.
 *
 * @example
 * ```ts
 * readReason(Object.assign(new Error('ENOENT: no such file or directory'), { code: 'ENOENT' })); //=> '文件不存在'
 * readReason(new SyntaxError('Unexpected token } in JSON at position 5')); //=> 'JSON 格式有误（第 6 个字符附近）'
 * ```
 */
export function readReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return '文件不存在';
    case 'EACCES':
    case 'EPERM':
      return '没有读取的权限';
    case 'EISDIR':
      return '这是一个目录，不是文件';
    case 'ENOTDIR':
      return '上级路径不是目录';
    case 'EMFILE':
    case 'ENFILE':
      return '同时打开的文件过多';
  }
  const message = e instanceof Error ? e.message : String(e);
  if (e instanceof SyntaxError) {
    const lc = /line (\d+) column (\d+)/.exec(message);
    const pos = /position (\d+)/.exec(message);
    if (lc) return `JSON 格式有误（第 ${lc[1]} 行第 ${lc[2]} 列附近）`;
    if (pos) return `JSON 格式有误（第 ${Number(pos[1]) + 1} 个字符附近）`;
    return /end of JSON input/i.test(message) ? 'JSON 格式有误（内容不完整）' : 'JSON 格式有误';
  }
  if (typeof code === 'string' && code.startsWith('CSV_')) {
    const line = (e as { lines?: number }).lines;
    return `CSV 格式有误：${CSV_REASONS[code] ?? '无法解析'}${line ? `（第 ${line} 行附近）` : ''}`;
  }
  if (/[\u4e00-\u9fff]/.test(message)) return message;
  return `无法读取（${message}）`;
}
