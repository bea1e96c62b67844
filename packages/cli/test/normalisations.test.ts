/**
 * Nothing altered without saying so: every kind of change the reader makes to the input (full-width
 * digits, spaces in an ID, `2019/7/21` dates, labels for codes) is counted in the report by kind and
 * column, with examples whose identifiers are masked — with one thread and with two.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canji, removeTempDirs, tempDir } from './helpers.js';

afterAll(removeTempDirs);

let dir = '';
const changed = { id: 0, date: 0, fullwidth: 0 };

beforeAll(async () => {
  dir = tempDir();
  await canji(dir, 'synth', '--count', '300', '--region', '430121', '--seed', '3', '--out', 'clean.csv', '-q');
  const lines = readFileSync(join(dir, 'clean.csv'), 'utf8').trimEnd().split('\n');
  const header = lines[0]!.split(',');
  const col = (k: string) => header.indexOf(k);
  const out = [lines[0]];
  lines.slice(1).forEach((line, i) => {
    // Cells without quotes only (the synthetic file quotes multi-select cells).
    const cells = line.split(',');
    if (line.includes('"')) return void out.push(line);
    if (i % 7 === 0) {
      const id = cells[col('resident_id')]!;
      cells[col('resident_id')] = `${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)}`;
      changed.id++;
    }
    if (i % 5 === 0 && /^\d{4}-\d{2}-\d{2}$/.test(cells[col('collected_on')]!)) {
      const [y, m, d] = cells[col('collected_on')]!.split('-');
      cells[col('collected_on')] = `${y}/${Number(m)}/${Number(d)}`;
      changed.date++;
    }
    if (i % 3 === 0 && /^[0-9]$/.test(cells[col('r3')]!)) {
      cells[col('r3')] = String.fromCharCode(0xff10 + Number(cells[col('r3')]));
      changed.fullwidth++;
    }
    out.push(cells.join(','));
  });
  writeFileSync(join(dir, 'messy.csv'), out.join('\n') + '\n');
}, 60_000);

describe('normalisations in the report', () => {
  for (const workers of ['1', '2']) {
    it(`counts each kind of change by column, with masked examples (--workers ${workers})`, async () => {
      const r = await canji(dir, 'check', 'messy.csv', '--as-of', '2019-06-30', '--workers', workers, '--out', `r${workers}.json`, '-q', '--fail-on', 'never');
      expect(r.code, r.stderr).toBe(0);
      const json = JSON.parse(readFileSync(join(dir, `r${workers}.json`), 'utf8'));
      const byColumn = (c: string) => json.normalisations.filter((n: { column: string }) => n.column === c);
      const ids = byColumn('resident_id');
      expect(ids.reduce((a: number, n: { count: number }) => a + n.count, 0)).toBe(changed.id);
      for (const n of ids) for (const e of n.examples) {
        expect(e.from).not.toMatch(/\d{17}[\dX]/);
        expect(e.to).not.toMatch(/\d{17}[\dX]/);
        expect(e.rowNumber).toBeGreaterThan(1);
      }
      expect(byColumn('collected_on').reduce((a: number, n: { count: number }) => a + n.count, 0)).toBe(changed.date);
      expect(byColumn('r3').reduce((a: number, n: { count: number }) => a + n.count, 0)).toBe(changed.fullwidth);
      // The summary says so too.
      expect(r.stderr).toMatch(/读入时规范化/);
    });
  }
});
