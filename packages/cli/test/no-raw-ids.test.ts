/**
 * No raw identifier in any default output: the README's main job (synthetic county, three
 * departments, the report, the lists) is run, and every file it writes — text files as text, XLSX
 * files cell by cell — plus what it prints is searched for the input's 18-digit ID numbers and
 * 20-character certificate numbers. None may appear unless `--full-ids` is given.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canji, removeTempDirs, tempDir } from './helpers.js';

afterAll(removeTempDirs);

let dir = '';
let ids: Set<string>;

/** Every text a file shows: XLSX cell by cell, anything else as UTF-8. */
async function textsOf(path: string): Promise<string[]> {
  if (path.endsWith('.xlsx')) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    const out: string[] = [];
    for (const ws of wb.worksheets) ws.eachRow((r) => r.eachCell((c) => out.push(String(c.text ?? c.value ?? ''))));
    return out;
  }
  return [readFileSync(path, 'utf8')];
}

const files = (d: string): string[] => readdirSync(d, { recursive: true }).map((f) => join(d, String(f))).filter((f) => statSync(f).isFile());

/** The identifiers of the input found in `texts` (18-digit IDs, and the IDs inside 20-character certificate numbers). */
function leaks(texts: readonly string[]): string[] {
  const found = new Set<string>();
  for (const t of texts) for (const m of t.matchAll(/\d{17}[\dXx]/g)) if (ids.has(m[0].toUpperCase())) found.add(m[0]);
  return [...found];
}

beforeAll(async () => {
  dir = tempDir();
  // The README's main job, at a size CI can afford.
  await canji(dir, 'synth', '--count', '2000', '--region', '430121', '--seed', '1', '--errors', '0.02', '--departments', 'depts', '--out', 'persons.csv', '-q');
  const lines = readFileSync(join(dir, 'persons.csv'), 'utf8').split(/\r?\n/);
  ids = new Set(lines.flatMap((l) => [...l.matchAll(/\d{17}[\dXx]/g)].map((m) => m[0].toUpperCase())));
}, 120_000);

describe('no raw identifiers in default outputs', () => {
  it('finds none of the input’s ID numbers in the reports, the lists or the terminal output', async () => {
    expect(ids.size).toBeGreaterThan(1000);
    const r = await canji(dir, 'check', 'persons.csv', '--region', '430121', '--as-of', '2019-06-30', '--level', 'township',
      '--dept', 'public-security=depts/public-security.csv', '--dept', 'civil-affairs=depts/civil-affairs.csv', '--dept', 'education=depts/education.csv',
      '--out', 'out/校验报告.html', '--out', 'out/校验报告.json', '--out', 'out/校验报告.md', '--out', 'out/校验报告.xlsx', '--out', 'out/校验报告.csv',
      '--discrepancies', 'out/待核实', '--to-fix', 'out/待修改记录.xlsx', '--rejects', 'out/拒收.csv', '--fail-on', 'never', '-q');
    expect(r.code, r.stderr).toBe(0);
    const written = files(join(dir, 'out'));
    expect(written.length).toBeGreaterThanOrEqual(8);
    const found: Record<string, string[]> = {};
    for (const f of written) {
      const l = leaks(await textsOf(f));
      if (l.length) found[f.slice(dir.length + 1)] = l.slice(0, 3);
    }
    const printed = leaks([r.stdout, r.stderr]);
    if (printed.length) found['(terminal)'] = printed.slice(0, 3);
    expect(found).toEqual({});
  }, 180_000);

  it('--full-ids puts them in the lists, and only there', async () => {
    const r = await canji(dir, 'check', 'persons.csv', '--region', '430121', '--as-of', '2019-06-30',
      '--dept', 'public-security=depts/public-security.csv', '--out', 'full/校验报告.json', '--to-fix', 'full/待修改记录.xlsx', '--full-ids', '--fail-on', 'never', '-q');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('--full-ids');
    expect(leaks(await textsOf(join(dir, 'full/待修改记录.xlsx'))).length).toBeGreaterThan(0);
    expect(leaks(await textsOf(join(dir, 'full/校验报告.json')))).toEqual([]);
  }, 120_000);
});
