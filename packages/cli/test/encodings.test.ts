import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectEncoding } from '@canji/cli';
import { synthesizePersons, writePersonsCsv } from '@canji/synth';
import { canji, removeTempDirs, tempDir } from './helpers.js';

afterAll(removeTempDirs);

// What offices save from Excel and WPS besides CSV: “Unicode 文本” (UTF-16LE with a BOM, tab-separated,
// CRLF, saved as .txt) and tab-separated text in other encodings. Each must read like the UTF-8 CSV.
const dir = tempDir();
let rows: string[][];
const save = (name: string, text: string, encoding: 'utf8' | 'utf16le' | 'utf16be' | 'gb18030', bom: boolean) => {
  const body = iconv.encode(text, encoding === 'utf8' ? 'utf8' : encoding);
  const mark = !bom ? Buffer.alloc(0) : encoding === 'utf16le' ? Buffer.from([0xff, 0xfe]) : encoding === 'utf16be' ? Buffer.from([0xfe, 0xff]) : Buffer.from([0xef, 0xbb, 0xbf]);
  writeFileSync(join(dir, name), Buffer.concat([mark, body]));
};
const quote = (c: string, sep: string) => (c.includes(sep) || c.includes('"') ? `"${c.replaceAll('"', '""')}"` : c);
const lines = (sep: string) => rows.map((r) => r.map((c) => quote(c, sep)).join(sep)).join('\r\n') + '\r\n';

beforeAll(async () => {
  // Several 64 KiB chunks, so that the worker test cuts the file.
  await writePersonsCsv(synthesizePersons({ seed: 21, count: 700, region: '430121' }), join(dir, 'base.csv'), { headers: 'label' });
  rows = parse(readFileSync(join(dir, 'base.csv'), 'utf8'), { bom: true }) as string[][];
  expect(rows.flat().some((c) => c.includes('\t'))).toBe(false);
  save('unicode-text.txt', lines('\t'), 'utf16le', true);
  save('utf16be.csv', lines(','), 'utf16be', false);
  save('tabs.txt', lines('\t'), 'utf8', false);
  save('tabs-gbk.tsv', lines('\t'), 'gb18030', false);
}, 60_000);

async function summary(file: string, ...extra: string[]) {
  const r = await canji(dir, 'check', file, '--out', `${file}.json`, '--fail-on', 'never', '-q', ...extra);
  expect(r.code).toBe(0);
  const report = JSON.parse(readFileSync(join(dir, `${file}.json`), 'utf8'));
  delete report.meta.generatedAt;
  delete report.meta.input; // each file's own name and SHA-256
  // The summary (with the report's name) is on stderr: a report was written to a file.
  return { stdout: r.stdout, stderr: r.stderr.replace(`${file}.json`, 'X'), report };
}

describe('text encodings and delimiters', () => {
  it('detects UTF-16 with or without a byte-order mark', () => {
    const name = iconv.encode('姓名\t公民身份号码\r\n', 'utf16le');
    expect(detectEncoding(Buffer.concat([Buffer.from([0xff, 0xfe]), name])).encoding).toBe('utf16le');
    expect(detectEncoding(iconv.encode('resident_id,name\r\n', 'utf16le')).encoding).toBe('utf16le');
    expect(detectEncoding(iconv.encode('resident_id,name\r\n', 'utf16be')).encoding).toBe('utf16be');
    expect(detectEncoding(Buffer.from('resident_id,name\r\n')).encoding).toBe('utf8');
  });

  it('reads Excel “Unicode 文本” (UTF-16LE, tabs, .txt), UTF-16BE CSV and tab-separated UTF-8 / GBK as the UTF-8 CSV', async () => {
    const base = await summary('base.csv');
    expect(base.stderr).toContain('读取 700 行 = 处理 700 行 + 拒收 0 行');
    for (const f of ['unicode-text.txt', 'utf16be.csv', 'tabs.txt', 'tabs-gbk.tsv']) {
      const got = await summary(f);
      expect(got.stderr, f).toBe(base.stderr);
      expect(got.stdout, f).toBe(base.stdout);
      expect(got.report, f).toEqual(base.report);
    }
  }, 60_000);

  it('with --workers: tab-separated files are cut and read in the workers, UTF-16 is read on one thread', async () => {
    const base = await summary('base.csv');
    const tabs = await summary('tabs-gbk.tsv', '--workers', '2');
    expect(tabs.report).toEqual(base.report);
    expect(tabs.stderr).toBe(base.stderr);
    const u16 = await summary('unicode-text.txt', '--workers', '2');
    expect(u16.stderr).toContain('UTF-16 文件先转成 UTF-8 再读');
    expect(u16.report).toEqual(base.report);
  }, 60_000);

  it('--encoding utf16le reads a UTF-16 file without a byte-order mark; a wrong one is an input error', async () => {
    save('plain-utf16.csv', lines(','), 'utf16le', false);
    expect((await summary('plain-utf16.csv', '--encoding', 'utf16le')).report).toEqual((await summary('base.csv')).report);
    const wrong = await canji(dir, 'check', 'unicode-text.txt', '--encoding', 'gbk');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('INPUT_HEADER');
  }, 60_000);
});
