/**
 * Form versions on the command line. The bug: `canji deid` read 2021-form records with the 2017
 * columns — 2021 R4 联系人姓名 was parsed as 2017 R4 婚姻状况, so most rows were rejected and the
 * contact person's name could survive as a quasi-identifier in the released extract.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flatColumns, toFlatRow } from '@canji/form';
import { csvLine, synthesizePersons } from '@canji/synth';
import { canji, removeTempDirs, tempDir } from './helpers.js';

afterAll(removeTempDirs);

const dir = tempDir();
const persons2021 = [...synthesizePersons({ seed: 'cli-2021', count: 200, region: '430121', asOf: '2021-06-30', version: '2021' })];
/** The contact persons' names (2021 R4) and phone numbers (2021 R5) of the synthetic records. */
const contactNames = persons2021.map((p) => p.r4).filter((v): v is string => typeof v === 'string');
const phones = persons2021.map((p) => p.r5).filter((v): v is string => typeof v === 'string');

function writeCsv(name: string, headers: 'machine' | 'label'): void {
  const machine = flatColumns({ version: '2021', headers: 'machine' });
  const shown = flatColumns({ version: '2021', headers });
  const rows = persons2021.map((p) => {
    const flat = toFlatRow(p, { version: '2021' });
    return csvLine(machine.map((c) => flat[c] ?? ''));
  });
  writeFileSync(join(dir, name), csvLine(shown) + rows.join(''));
}

beforeAll(() => {
  writeCsv('persons2021.csv', 'machine');
  writeCsv('persons2021-labels.csv', 'label');
});

const readStats = (stderr: string) => {
  const m = /读取 (\d+) 行 = 处理 (\d+) 行 \+ 拒收 (\d+) 行/.exec(stderr);
  return m ? { read: Number(m[1]), processed: Number(m[2]), rejected: Number(m[3]) } : undefined;
};

describe('canji deid on 2021-form records', () => {
  it('the synthetic file has contact names in R4 (the test would prove nothing otherwise)', () => {
    expect(contactNames.length).toBeGreaterThan(50);
    expect(readFileSync(join(dir, 'persons2021.csv'), 'utf8')).toContain(contactNames[0]!);
  });

  it.each([
    ['--form 2021', ['--form', '2021'], 'persons2021.csv'],
    ['form detected from the header', [], 'persons2021.csv'],
    ['form detected from a label header', [], 'persons2021-labels.csv'],
  ])('%s: no row rejected, R4 联系人姓名 and R5 联系电话 removed from the extract', async (_name, flag, file) => {
    const r = await canji(dir, 'deid', file, ...flag, '--as-of', '2021-06-30', '--k', '2', '--max-suppression', '0.5', '--out', `deid-${flag.length}-${file}.jsonl`, '-q');
    expect(readStats(r.stderr)).toEqual({ read: 200, processed: 200, rejected: 0 });
    expect(r.code).toBe(0);
    const text = readFileSync(join(dir, `deid-${flag.length}-${file}.jsonl`), 'utf8');
    const released = text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(released.length).toBeGreaterThan(100);
    for (const rec of released) {
      expect(rec).not.toHaveProperty('r4');
      expect(rec).not.toHaveProperty('r5');
      expect(rec).not.toHaveProperty('name');
    }
    for (const n of contactNames) expect(text).not.toContain(n);
    for (const p of phones) expect(text).not.toContain(p);
    // 2021 R3 婚姻状况 and R6 住机构 are kept as codes (read with the 2021 columns, not as 2017 R3 户口 / R6 电话)
    expect(released.some((rec) => rec.r3 === 20)).toBe(true);
    expect(released.some((rec) => rec.r6 === 2)).toBe(true);
    expect(released.some((rec) => rec.hukou === 1 || rec.hukou === 2)).toBe(true);
  });
});
