/**
 * `-` as the input file: `canji check - < persons.csv`, `… | canji indicators - --as-of …`. The
 * readers of canji open their input by path more than once (the encoding sample, the XLSX container
 * check, the header search, the worker threads), so stdin is first copied to a private temporary
 * file — a directory only this user can open, the file 0600, removed when the command ends or the
 * process exits — and the command reads that file. Its name says where it came from
 * (`标准输入.csv`, `.xlsx` when the data starts as a ZIP container, `.parquet` when it starts with
 * `PAR1`, `.jsonl` when it starts with `{`,
 * or the extension of `--input-format`).
 */
import { createWriteStream, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliError, readReason, type CliIo } from './io.js';
import type { FileFormat } from './sources.js';

/** The name `-` means: read stdin. */
export const STDIN_NAME = '-';

/** A copy of stdin on disk; {@link SpooledStdin.remove} deletes it (also done when the process exits). */
export interface SpooledStdin {
  /** Absolute path of the copy. */
  path: string;
  /** Bytes read from stdin. */
  bytes: number;
  /** Deletes the copy and its directory (idempotent). */
  remove(): void;
}

/**
 * Copies the command's stdin to a private temporary file. `USAGE_STDIN` (exit 2) when there is no
 * stdin or it is a terminal (nothing piped in).
 *
 * @example
 * ```ts
 * const s = await spoolStdin(io, 'csv'); // s.path ends in 标准输入.csv
 * try { await runCheck(io, s.path, opts); } finally { s.remove(); }
 * ```
 */
export async function spoolStdin(io: CliIo, format?: FileFormat): Promise<SpooledStdin> {
  const input = io.stdin;
  if (!input) throw new CliError('USAGE_STDIN', '“-”表示从标准输入读取，但这里没有标准输入');
  if (input.isTTY) throw new CliError('USAGE_STDIN', '“-”表示从标准输入读取，但标准输入是终端：请用管道或重定向提供数据，如 canji check - < 登记表.csv');
  const dir = mkdtempSync(join(tmpdir(), 'canji-stdin-'));
  let removed = false;
  const remove = (): void => {
    if (removed) return;
    removed = true;
    rmSync(dir, { recursive: true, force: true });
    process.off('exit', remove);
  };
  process.on('exit', remove);
  const raw = join(dir, 'stdin');
  let bytes = 0;
  let head: Buffer | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      const out = createWriteStream(raw, { mode: 0o600 });
      out.on('error', reject);
      input.on('error', reject);
      input.on('data', (chunk: Buffer | string) => {
        const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        if (!head) head = b.subarray(0, 8);
        bytes += b.length;
        if (!out.write(b)) {
          input.pause();
          out.once('drain', () => input.resume());
        }
      });
      input.on('end', () => out.end(() => resolve()));
      input.resume();
    });
  } catch (e) {
    remove();
    throw new CliError('INPUT_STDIN', `无法读取标准输入：${readReason(e)}`);
  }
  const ext = format ?? (head && head[0] === 0x50 && head[1] === 0x4b ? 'xlsx' : head && head.subarray(0, 4).toString('latin1') === 'PAR1' ? 'parquet' : head && head.toString('utf8').trimStart().startsWith('{') ? 'jsonl' : 'csv');
  const path = join(dir, `标准输入.${ext}`);
  renameSync(raw, path);
  return { path, bytes, remove };
}

/**
 * Runs `f` on `file`, or, when `file` is `-`, on a copy of stdin (removed afterwards).
 *
 * @example
 * ```ts
 * await withInputFile(io, '-', 'csv', (path) => runCheck(io, path, opts));
 * ```
 */
export async function withInputFile<T>(io: CliIo, file: string, format: FileFormat | undefined, f: (path: string) => Promise<T>): Promise<T> {
  if (file !== STDIN_NAME) return f(file);
  const s = await spoolStdin(io, format);
  try {
    return await f(s.path);
  } finally {
    s.remove();
  }
}

/**
 * Like {@link withInputFile} for a command that reads several files (`audit compare ORIGINAL
 * REVISIT`, `briefing --current --previous`): at most one of them can be `-` (stdin is read once) —
 * `USAGE_STDIN_TWICE` (exit 2) otherwise. `f` gets the paths in the same order, `-` replaced by the
 * copy of stdin; an absent file (`undefined`) stays absent.
 *
 * @example
 * ```ts
 * await withInputFiles(io, [original, revisit], format, ([a, b]) => runAuditCompare(io, a!, b!, opts));
 * ```
 */
export async function withInputFiles<T>(io: CliIo, files: readonly (string | undefined)[], format: FileFormat | undefined, f: (paths: (string | undefined)[]) => Promise<T>): Promise<T> {
  const at = files.flatMap((p, i) => (p === STDIN_NAME ? [i] : []));
  if (at.length > 1) throw new CliError('USAGE_STDIN_TWICE', '标准输入只能读一次：“-”只能代替一个输入文件');
  if (at.length === 0) return f([...files]);
  const s = await spoolStdin(io, format);
  try {
    return await f(files.map((p, i) => (i === at[0] ? s.path : p)));
  } finally {
    s.remove();
  }
}
