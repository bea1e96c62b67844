/**
 * `canji indicators` publication outputs suppress small cells (issue 15 item 16): before, cells
 * covering one person were only flagged (`（小格）`, `small_cell=true`) and published with their
 * counts. Now every output hides them — and, by complementary suppression, every row that the
 * roll-ups would let a reader recompute them from; `--unsuppressed` keeps the internal view.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { indicatorRelations, type IndicatorResult } from '@canji/indicators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canji, removeTempDirs, tempDir } from './helpers.js';

afterAll(removeTempDirs);
const dir = tempDir();
const BY = ['--as-of', '2019-06-30', '--by', 'township,sex', '-q'];

let internal: IndicatorResult;
type PublishedRow = IndicatorResult['rows'][number] & { suppressed: boolean };
let published: { rows: PublishedRow[] };

beforeAll(async () => {
  expect((await canji(dir, 'synth', '--count', '600', '--region', '430121', '--seed', '11', '--out', 'p.csv', '-q')).code).toBe(0);
  const a = await canji(dir, 'indicators', 'p.csv', ...BY, '--unsuppressed', '--out', 'internal.json');
  expect(a.stderr).toContain('仅供内部使用');
  const b = await canji(dir, 'indicators', 'p.csv', ...BY, '--out', 'published.json');
  expect(b.code).toBe(0);
  internal = JSON.parse(readFileSync(join(dir, 'internal.json'), 'utf8'));
  published = JSON.parse(readFileSync(join(dir, 'published.json'), 'utf8'));
});

const small = (n: number) => n > 0 && n < 5;

describe('canji indicators: small cells suppressed in publication outputs', () => {
  it('the internal output has small cells (the test would prove nothing otherwise)', () => {
    expect(internal.rows.filter((r) => r.smallCell && r.denominator + r.missing > 0).length).toBeGreaterThan(10);
    expect(internal.rows.some((r) => r.numerator === 1 || r.denominator === 1)).toBe(true);
  });

  it('no published row shows a count of 1–4 (numerator, denominator or complement)', () => {
    expect(published.rows).toHaveLength(internal.rows.length);
    for (const r of published.rows) {
      if (r.suppressed) {
        expect([r.numerator, r.denominator, r.missing, r.value]).toEqual([null, null, null, null]);
        continue;
      }
      expect(small(r.numerator) || small(r.denominator) || small(r.denominator - r.numerator)).toBe(false);
    }
  });

  it('no hidden row can be recomputed from a roll-up: total − published parts (recomputed here from the internal rows)', () => {
    const rel = indicatorRelations(internal);
    expect(rel.length).toBeGreaterThan(50);
    let checked = 0;
    for (const { total, parts } of rel) {
      const cells = [total, ...parts];
      const hidden = cells.filter((i) => published.rows[i]!.suppressed);
      // Every relation hides none or at least two rows.
      expect(hidden.length === 1, `relation around row ${total}`).toBe(false);
      if (hidden.length) checked++;
    }
    expect(checked).toBeGreaterThan(5);
  });

  it('the CSV and the Markdown hide the same rows', async () => {
    await canji(dir, 'indicators', 'p.csv', ...BY, '--out', 'published.csv');
    const rows = parse(readFileSync(join(dir, 'published.csv'), 'utf8'), { columns: true, bom: true }) as Record<string, string>[];
    expect(rows).toHaveLength(published.rows.length);
    rows.forEach((r, i) => {
      expect(r.suppressed === 'true').toBe(published.rows[i]!.suppressed);
      if (r.suppressed === 'true') expect([r.numerator, r.denominator, r.value, r.small_cell]).toEqual(['', '', '', '']);
    });
    const md = await canji(dir, 'indicators', 'p.csv', ...BY);
    expect(md.stdout).toContain('小格已抑制');
    expect(md.stdout).not.toContain('（小格）');
    expect((md.stdout.match(/（已抑制）/g) ?? []).length).toBe(published.rows.filter((r) => r.suppressed).length);
  });
});
