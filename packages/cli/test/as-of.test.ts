import { afterAll, describe, expect, it } from 'vitest';
import { canji, removeTempDirs, tempDir } from './helpers.js';

afterAll(removeTempDirs);

describe('--as-of', () => {
  it('is refused with USAGE_DATE (exit 2) in every command when it is not a calendar date', async () => {
    const dir = tempDir();
    const cases = [
      ['synth', '--count', '5', '--region', '430121', '--out', 'p.csv'],
      ['check', 'p.csv'],
      ['indicators', 'p.csv'],
      ['deid', 'p.csv', '--out', 'd.csv'],
    ];
    for (const args of cases) {
      for (const bad of ['2019-02-30', '2019-6-30', '20190630']) {
        const r = await canji(dir, ...args, '--as-of', bad);
        expect(r.code, `${args[0]} --as-of ${bad}`).toBe(2);
        expect(r.stderr).toContain('USAGE_DATE');
        expect(r.stderr).toContain(`收到“${bad}”`);
      }
    }
  });
  it('accepts a real calendar date, 29 February of a leap year included', async () => {
    const dir = tempDir();
    expect((await canji(dir, 'synth', '--count', '5', '--region', '430121', '--as-of', '2020-02-29', '--out', 'p.csv')).code).toBe(0);
  });
});
