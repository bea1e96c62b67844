/** Review: the README example runs exactly as printed and prints what its comments say. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, it, vi } from 'vitest';

it('README example', async () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const code = /## Example\n\n```ts\n([\s\S]*?)```/.exec(readme)![1]!;
  const dir = mkdtempSync(join(tmpdir(), 'deid-readme-'));
  const file = join(dir, 'example.ts');
  writeFileSync(file, code);
  const printed: unknown[] = [];
  const spy = vi.spyOn(console, 'log').mockImplementation((v: unknown) => void printed.push(v));
  try {
    await import(/* @vite-ignore */ pathToFileURL(file).href);
  } finally {
    spy.mockRestore();
    rmSync(dir, { recursive: true, force: true });
  }
  const [name, record, remarks, k, levels, table] = printed as [string, Record<string, unknown>, unknown, number, unknown, unknown];
  expect(name).toBe('欧阳**'); // console.log(maskName('欧阳明华')); // 欧阳**
  expect(record).toMatchObject({ region_code: '430104', birth_date: '70-74' });
  expect(record.resident_id).toMatch(/^k2026:[A-Za-z0-9_-]{22}$/);
  expect(record.certificate_no).toBe(record.resident_id);
  expect(remarks).toEqual({ action: 'dropped' });
  expect(typeof k).toBe('number');
  expect(levels).toEqual({ region_code: 0, sex: 0, birth_date: 4, disability_level: 0 });
  expect(table).toEqual([[null, null, 40, 55], [null, null, 33, 57], [21, 18, 73, 112]]);
});
