import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run, type CliIo } from '@canji/cli';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `canji` in-process in `cwd`, capturing its output. */
export async function canji(cwd: string, ...argv: string[]): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), isTTY: false, cwd };
  const code = await run(argv, io);
  return { code, stdout, stderr };
}

const made: string[] = [];

/** A fresh temporary directory; {@link removeTempDirs} deletes them all (call it in `afterAll`). */
export const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'canji-cli-'));
  made.push(d);
  return d;
};

export const removeTempDirs = (): void => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
};
