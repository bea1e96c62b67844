/**
 * What only the command line knows about a report: the input file (name, size, SHA-256) and the
 * date it was made. The library never reads the clock; the CLI does, here, once.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import type { ReportInput, ValidationReport } from '@canji/rules';

/**
 * The input file as the report names it: file name, size and the SHA-256 of its bytes (read as
 * a stream, beside the check). `undefined` when the file cannot be read (the check says why).
 *
 * @example
 * ```ts
 * (await inputDigest('persons.csv'))?.sha256.length; //=> 64
 * ```
 */
export async function inputDigest(path: string): Promise<ReportInput | undefined> {
  return new Promise((resolve) => {
    const hash = createHash('sha256');
    let bytes = 0;
    const s = createReadStream(path);
    s.on('data', (b) => {
      bytes += b.length;
      hash.update(b);
    });
    s.on('error', () => resolve(undefined));
    s.on('end', () => resolve({ name: basename(path), sha256: hash.digest('hex'), bytes }));
  });
}

/**
 * The report's date of making, `YYYY-MM-DD` in local time; `SOURCE_DATE_EPOCH` (seconds, UTC)
 * when set, for reproducible outputs.
 *
 * @example
 * ```ts
 * generatedDate({ SOURCE_DATE_EPOCH: '1561852800' }); //=> '2019-06-30'
 * ```
 */
export function generatedDate(env: NodeJS.ProcessEnv = process.env, now: () => Date = () => new Date()): string {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000).toISOString().slice(0, 10);
  const d = now();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** The report with the run's metadata (input file, date) added; nothing else changes. */
export function withRunMeta(report: ValidationReport, run: { input?: ReportInput | undefined; generatedAt?: string }): ValidationReport {
  const meta = { ...report.meta };
  if (run.input) meta.input = run.input;
  if (run.generatedAt && !meta.generatedAt) meta.generatedAt = run.generatedAt;
  return { ...report, meta };
}
