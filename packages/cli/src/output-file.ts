/**
 * Output files that are never half-written: each is written under a temporary name beside its
 * final path (`.报告.html.canji-1234.tmp`) and renamed into place only when complete, so an
 * interrupted or failed run leaves either the complete file or nothing that looks like one. Paths
 * are checked before any work starts, and an I/O failure is a {@link CliError} with exit code 3.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, createWriteStream, existsSync, mkdirSync, openSync, renameSync, rmSync, statSync, unlinkSync, writeSync, type WriteStream } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { CliError, EXIT } from './io.js';

/** Mode of output files that hold personal data (IDs, names): readable by the owner only. */
export const PRIVATE_FILE_MODE = 0o600;

/** Options of an output file. */
export interface OutputOptions {
  /** `true` for files that hold personal data: created with mode 0600. */
  personal?: boolean;
}

/** Temporary files of outputs not yet complete, removed on interruption (see {@link removePendingOutputs}). */
const pending = new Set<string>();

/**
 * Removes the temporary files of every output not yet complete; returns the final paths they were
 * meant for (e.g. to say what was not written). Called on SIGINT / SIGTERM by the `canji` binary.
 */
export function removePendingOutputs(): string[] {
  const left: string[] = [];
  for (const tmp of pending) {
    rmSync(tmp, { force: true });
    left.push(finalOf(tmp));
  }
  pending.clear();
  return left;
}

const TMP_RE = /^\.(.*)\.canji-[0-9a-f]+\.tmp$/;
const finalOf = (tmp: string) => join(dirname(tmp), basename(tmp).replace(TMP_RE, '$1'));
const tmpOf = (path: string) => join(dirname(path), `.${basename(path)}.canji-${randomBytes(4).toString('hex')}.tmp`);

/** An I/O error from Node as a {@link CliError} with exit code 3 and a zh-CN message. */
export function outputError(e: unknown, path: string): CliError {
  if (e instanceof CliError) return e;
  const code = (e as NodeJS.ErrnoException)?.code;
  const m: Record<string, [string, string]> = {
    ENOSPC: ['OUTPUT_DISK_FULL', `磁盘空间不足，未能写完“${path}”（未留下不完整的文件）`],
    EDQUOT: ['OUTPUT_DISK_FULL', `超出磁盘配额，未能写完“${path}”（未留下不完整的文件）`],
    EACCES: ['OUTPUT_PERMISSION', `没有写入“${path}”的权限`],
    EPERM: ['OUTPUT_PERMISSION', `没有写入“${path}”的权限`],
    EROFS: ['OUTPUT_PERMISSION', `“${path}”所在的磁盘是只读的`],
    EISDIR: ['OUTPUT_IS_DIRECTORY', `“${path}”是一个目录，不能作为输出文件`],
    ENOTDIR: ['OUTPUT_PATH', `“${path}”的上级路径不是目录`],
    EEXIST: ['OUTPUT_PATH', `无法创建“${path}”的上级目录：同名的文件已存在`],
    ENOENT: ['OUTPUT_PATH', `无法创建“${path}”：上级目录不存在或无法创建`],
    ENAMETOOLONG: ['OUTPUT_PATH', `输出路径过长：“${path}”`],
  };
  const [c, msg] = (code && m[code]) || ['OUTPUT_WRITE', `写入“${path}”失败：${(e as Error)?.message ?? String(e)}`];
  return new CliError(c, msg, EXIT.FAILURE);
}

/**
 * Checks, before any work, that `path` can be written as a file: not a directory, its parent a
 * directory (created when missing) that this process may write. Throws a {@link CliError}
 * (`OUTPUT_IS_DIRECTORY`, `OUTPUT_PATH`, `OUTPUT_PERMISSION`; exit code 3).
 *
 * @example
 * ```ts
 * checkOutputPath('out/校验报告.html'); // creates out/ when missing; throws when out is a file
 * ```
 */
export function checkOutputPath(path: string): void {
  try {
    if (existsSync(path) && statSync(path).isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    mkdirSync(dirname(path), { recursive: true });
    // A real write probe: the directory exists and this process may create files in it.
    const probe = tmpOf(path);
    closeSync(openSync(probe, 'wx', PRIVATE_FILE_MODE));
    rmSync(probe, { force: true });
  } catch (e) {
    throw outputError(e, path);
  }
}

/**
 * Checks, before any work, that `dir` can hold output files (created when missing).
 *
 * @example
 * ```ts
 * checkOutputDir('待核实'); // throws OUTPUT_PATH when 待核实 is a file
 * ```
 */
export function checkOutputDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    if (!statSync(dir).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
  } catch (e) {
    throw outputError(e, dir);
  }
}

/** A file being written under a temporary name; {@link commit} renames it into place. */
export interface AtomicOutput {
  /** The final path. */
  readonly path: string;
  /** The temporary path written to until {@link commit}. */
  readonly tmp: string;
  /** Renames the complete file into place. */
  commit(): Promise<void>;
  /** Removes the temporary file (nothing is left at `path` that was not there). */
  abort(): Promise<void>;
}

/** The {@link AtomicOutput} of a temporary file already created and registered in `pending`. */
function registered(path: string, tmp: string): AtomicOutput {
  const abort = async () => {
    pending.delete(tmp);
    await rm(tmp, { force: true });
  };
  return {
    path,
    tmp,
    async commit() {
      try {
        await rename(tmp, path);
        pending.delete(tmp);
      } catch (e) {
        await abort();
        throw outputError(e, path);
      }
    },
    abort,
  };
}

/**
 * Starts an output file: returns the temporary path to write to, and `commit` / `abort`.
 *
 * @example
 * ```ts
 * const out = await beginOutput('out/待修改记录.xlsx', { personal: true });
 * await writeWorkbookTo(out.tmp);
 * await out.commit(); // now out/待修改记录.xlsx exists, mode 0600
 * ```
 */
export async function beginOutput(path: string, options: OutputOptions = {}): Promise<AtomicOutput> {
  try {
    await mkdir(dirname(path), { recursive: true });
  } catch (e) {
    throw outputError(e, path);
  }
  const tmp = tmpOf(path);
  pending.add(tmp);
  if (options.personal) {
    // Create it 0600 before anything is written, so no other user can open it meanwhile.
    try {
      await writeFile(tmp, '', { mode: PRIVATE_FILE_MODE });
    } catch (e) {
      pending.delete(tmp);
      throw outputError(e, path);
    }
  }
  return registered(path, tmp);
}

/**
 * The synchronous start of an output file (for writers opened from a synchronous callback):
 * the parent directory created, the temporary path registered, created 0600 when `personal`.
 *
 * @example
 * ```ts
 * const out = beginOutputSync('rejects.csv', { personal: true });
 * const stream = createWriteStream(out.tmp, { flags: 'a' });
 * ```
 */
export function beginOutputSync(path: string, options: OutputOptions = {}): AtomicOutput {
  const tmp = tmpOf(path);
  try {
    mkdirSync(dirname(path), { recursive: true });
    closeSync(openSync(tmp, 'w', options.personal ? PRIVATE_FILE_MODE : 0o644));
  } catch (e) {
    throw outputError(e, path);
  }
  pending.add(tmp);
  return registered(path, tmp);
}

/**
 * Writes a whole file atomically: `write(tmp)` fills the temporary file, which is then renamed
 * into place; on failure it is removed and the error is a {@link CliError} (exit code 3).
 *
 * @example
 * ```ts
 * await writeOutput('report.html', (tmp) => writeFile(tmp, html));
 * ```
 */
export async function writeOutput(path: string, write: (tmp: string) => Promise<unknown>, options: OutputOptions = {}): Promise<void> {
  const out = await beginOutput(path, options);
  try {
    await write(out.tmp);
  } catch (e) {
    await out.abort();
    throw outputError(e, path);
  }
  await out.commit();
}

/** A text stream to an output file, renamed into place by `close(true)`, removed by `close(false)`. */
export interface StreamOutput {
  readonly path: string;
  write(text: string): void;
  /** Ends the stream; `complete`: rename into place, else remove. Rejects with a {@link CliError} on an I/O error. */
  close(complete: boolean): Promise<void>;
}

/**
 * A write stream on a temporary output file opened now, synchronously. `createWriteStream(path)`
 * opens its file later, on a thread of the pool: an interruption that removes the pending outputs
 * (see {@link removePendingOutputs}) in between would have that open create the file again, and a
 * `.….canji-….tmp` would be left behind. With the file already open, writes go to it whether or not
 * its name is still there.
 *
 * @example
 * ```ts
 * const out = beginOutputSync('rejects.csv', { personal: true });
 * const stream = openedWriteStream(out.tmp);
 * ```
 */
export function openedWriteStream(tmp: string, mode?: number): WriteStream {
  return createWriteStream(tmp, { fd: openSync(tmp, 'w', mode ?? 0o644) });
}

/**
 * Opens a text output stream written atomically (see {@link beginOutput}). Write errors (a full
 * disk) are kept and reported by `close`.
 *
 * @example
 * ```ts
 * const out = await openStreamOutput('rejects.csv', { personal: true });
 * out.write('\uFEFFrow_number,reason\n');
 * await out.close(true);
 * ```
 */
export async function openStreamOutput(path: string, options: OutputOptions = {}): Promise<StreamOutput> {
  const out = await beginOutput(path, options);
  let error: unknown;
  const stream: WriteStream = openedWriteStream(out.tmp, options.personal ? PRIVATE_FILE_MODE : undefined);
  stream.on('error', (e) => (error ??= e));
  return {
    path,
    write(text) {
      if (error === undefined) stream.write(text);
    },
    async close(complete) {
      await new Promise<void>((res) => (stream.closed ? res() : stream.end(() => res())));
      if (stream.destroyed && error === undefined && !stream.closed) await new Promise<void>((res) => stream.once('close', () => res()));
      if (error !== undefined || !complete) {
        await out.abort();
        if (error !== undefined) throw outputError(error, path);
        return;
      }
      await out.commit();
    },
  };
}

/**
 * Writes a file holding personal data: created with mode 0600 (owner only) under a temporary name
 * beside the target, appended in 1 MiB blocks with synchronous writes (bounded memory, no stream
 * buffering behind a fast reader), renamed onto the target only by `commit()`; `abort()` removes it.
 * Removed on SIGINT like every output not yet complete.
 *
 * @example
 * ```ts
 * const w = new PrivateFileWriter('extract.csv');
 * w.write('a,b\\n');
 * w.commit();
 * ```
 */
export class PrivateFileWriter {
  private fd: number | undefined;
  private buf: string[] = [];
  private size = 0;
  private readonly tmp: string;
  constructor(readonly path: string) {
    this.tmp = tmpOf(path);
    try {
      mkdirSync(dirname(path), { recursive: true });
      this.fd = openSync(this.tmp, 'w', PRIVATE_FILE_MODE);
    } catch (e) {
      throw outputError(e, path);
    }
    pending.add(this.tmp);
  }
  write(text: string): void {
    this.buf.push(text);
    this.size += text.length;
    if (this.size >= 1 << 20) this.flush();
  }
  private flush(): void {
    if (this.fd === undefined || !this.buf.length) return;
    writeSync(this.fd, this.buf.join(''));
    this.buf = [];
    this.size = 0;
  }
  commit(): void {
    this.flush();
    closeSync(this.fd!);
    this.fd = undefined;
    renameSync(this.tmp, this.path);
    pending.delete(this.tmp);
  }
  abort(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    pending.delete(this.tmp);
    try {
      unlinkSync(this.tmp);
    } catch {
      // already gone
    }
  }
}

