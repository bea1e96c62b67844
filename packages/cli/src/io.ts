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
