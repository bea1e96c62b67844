import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canji, removeTempDirs, tempDir } from './helpers.js';

afterAll(removeTempDirs);

// A batch of several 64 KiB chunks with planted errors (duplicates across chunks, cells a
// spreadsheet broke) and department extracts: the workers run the record rules chunk by chunk,
// the main thread the batch and cross-check rules — the outputs must be those of one thread.
const dir = tempDir();
beforeAll(async () => {
  const r = await canji(dir, 'synth', '--count', '2500', '--region', '430121', '--seed', '5', '--errors', '0.05', '--departments', 'depts', '--out', 'persons.csv', '-q');
  expect(r.code).toBe(0);
}, 60_000);

async function check(tag: string, extra: string[]) {
  const r = await canji(dir, 'check', 'persons.csv', '--as-of', '2023-06-30', '--region', '430121', '--dept', 'education=depts/education.csv', '--dept', 'social-security=depts/social-security.csv', '--out', `${tag}.json`, '--discrepancies', `${tag}-disc`, '--rejects', `${tag}-rejects.csv`, '-q', '--fail-on', 'never', ...extra);
  expect(r.code).toBe(0);
  const disc = readdirSync(join(dir, `${tag}-disc`)).sort();
  return {
    stdout: r.stdout.replaceAll(tag, 'X'),
    stderr: r.stderr.replaceAll(tag, 'X'),
    report: JSON.parse(readFileSync(join(dir, `${tag}.json`), 'utf8')) as { meta: Record<string, unknown>; counts: Record<string, number> },
    rejects: readFileSync(join(dir, `${tag}-rejects.csv`), 'utf8'),
    // The lists' CSV form and the manifest's entries (the XLSX files and the manifest carry the time they were written).
    disc: disc.filter((f) => f.endsWith('.csv')).map((f) => [f, readFileSync(join(dir, `${tag}-disc`, f), 'utf8')]),
    entries: (JSON.parse(readFileSync(join(dir, `${tag}-disc`, '清单.json'), 'utf8')) as { lists: { entries: unknown[] }[] }).lists.map((l) => l.entries),
  };
}

describe('canji check --workers', () => {
  it('gives the outputs of one thread: report, rejected rows, discrepancy lists, summary', async () => {
    const one = await check('one', []);
    expect(one.report.counts.withErrors).toBeGreaterThan(50);
    // The IDs a spreadsheet broke are recovered from the certificate numbers, the other broken
    // cells are findings: every row is read, and the cells are counted alike by every thread.
    expect(one.report.counts.unreadable).toBe(0);
    expect(one.stderr).toMatch(/单元格：.*由其他列恢复 \d+ 个/);
    expect(one.disc.length).toBe(2);
    delete one.report.meta.generatedAt;
    for (const n of ['2', '3']) {
      const many = await check(`w${n}`, ['--workers', n]);
      delete many.report.meta.generatedAt;
      expect(many).toEqual(one);
    }
  }, 60_000);
});
