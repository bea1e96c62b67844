import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flatColumns, toFlatRow } from '@canji/form';
import { batchRules, checkBatch, consistencyRules, formRules } from '@canji/rules';
import { synthesizePersons, writePersonsCsv, type SynthPersonRecord } from '@canji/synth';
import { canji, removeTempDirs, tempDir } from './helpers.js';

afterAll(removeTempDirs);

const dir = tempDir();
let persons: SynthPersonRecord[];
let expected: { read: number; clean: number; withErrors: number; warningsOnly: number };

beforeAll(async () => {
  persons = [...synthesizePersons({ seed: 7, count: 60, region: '430121' })];
  const report = await checkBatch(persons, { rules: [...formRules('2017'), ...consistencyRules('2017'), ...batchRules()], context: { formVersion: '2017' } });
  expected = { read: report.counts.read, clean: report.counts.clean, withErrors: report.counts.withErrors, warningsOnly: report.counts.warningsOnly };
  await writePersonsCsv(persons, join(dir, 'persons-gbk.csv'), { headers: 'label', encoding: 'gbk' });
  await writePersonsCsv(persons, join(dir, 'persons-bom.csv'), { headers: 'machine', encoding: 'utf8-bom' });
  // An XLSX as a data office's spreadsheet holds it: Chinese headers, IDs as text.
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('动态1表');
  const keys = flatColumns();
  ws.addRow(flatColumns({ headers: 'label' }));
  for (const p of persons) {
    const flat = toFlatRow(p);
    ws.addRow(keys.map((k) => flat[k] ?? null));
  }
  await wb.xlsx.writeFile(join(dir, 'persons.xlsx'));
});

const summary = (e: typeof expected) =>
  `校验完成：${e.read} 条记录，无问题 ${e.clean} 条，仅有警告 ${e.warningsOnly} 条，有错误 ${e.withErrors} 条，无法读取 0 条`;

describe('canji check over real files', () => {
  it('reads a GBK CSV with Chinese headers (detected) exactly as the records in memory', async () => {
    const bytes = readFileSync(join(dir, 'persons-gbk.csv'));
    expect(iconv.decode(bytes.subarray(0, 200), 'gbk')).toContain('村（社区）');
    const r = await canji(dir, 'check', 'persons-gbk.csv', '--out', 'report.json');
    expect(r.stderr).toContain(summary(expected));
    expect(r.stderr).toContain(`读取 60 行 = 处理 60 行 + 拒收 0 行`);
    expect(r.code).toBe(expected.withErrors ? 1 : 0);
    const json = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    expect(json.counts.read).toBe(60);
  });

  it('reads UTF-8 with BOM and machine headers to the same counts', async () => {
    const r = await canji(dir, 'check', 'persons-bom.csv');
    expect(r.stdout).toContain(summary(expected));
  });

  it('reads an XLSX (streamed, first sheet) to the same counts', async () => {
    const r = await canji(dir, 'check', 'persons.xlsx', '--out', 'report-x.md');
    expect(r.stderr).toContain('读取 60 行 = 处理 60 行 + 拒收 0 行');
    expect(r.stderr).toContain(summary(expected));
    expect(readFileSync(join(dir, 'report-x.md'), 'utf8')).toContain('数据校验报告');
    const two = await canji(dir, 'check', 'persons.xlsx', '--workers', '2');
    expect(two.stderr).toContain('按单线程校验');
    expect(two.stdout).toContain(summary(expected));
  });

  it('gives the same report with two worker threads as with one', async () => {
    await canji(dir, 'check', 'persons-gbk.csv', '--out', 'one.json', '-q');
    await canji(dir, 'check', 'persons-gbk.csv', '--out', 'two.json', '-q', '--workers', '2');
    expect(readFileSync(join(dir, 'two.json'), 'utf8')).toBe(readFileSync(join(dir, 'one.json'), 'utf8'));
  });

  it('an overridden encoding that is wrong makes the header unreadable (exit 2)', async () => {
    const r = await canji(dir, 'check', 'persons-gbk.csv', '--encoding', 'utf8');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('INPUT_HEADER');
  });
});

describe('bad input', () => {
  const header = 'region_code,name,resident_id,certificate_no,person_status,r3';
  const good = (p: SynthPersonRecord) => [p.region_code, p.name, p.resident_id, p.certificate_no, p.person_status, p.r3 ?? ''].join(',');

  it('reports each broken row by row number and column, an unreadable cell as a finding at its item; read = processed + rejected; exit 1', async () => {
    const [a, b, c, d] = persons;
    const lines = [header, good(a!), `${good(b!)},extra,more`, good(c!).replace(/,[^,]*$/, ',农业户口X'), good(d!)];
    writeFileSync(join(dir, 'broken.csv'), lines.join('\n') + '\n');
    const r = await canji(dir, 'check', 'broken.csv', '--rejects', 'rejects.csv', '--out', 'broken.json');
    expect(r.code).toBe(1);
    // The shifted row is rejected; the row with one unreadable cell is read and checked.
    expect(r.stderr).toContain('读取 4 行 = 处理 3 行 + 拒收 1 行');
    expect(r.stderr).toContain('第 3 行 ROW_FIELD_COUNT：本行有 8 列，表头有 6 列');
    expect(r.stderr).toContain('无法读取 1 个（在 1 行中，按原样保留，在校验结果中按问题报告）');
    expect(r.stderr).toMatch(/第 4 行（列“r3”） FLAT_VALUE_INVALID/);
    const rejects = readFileSync(join(dir, 'rejects.csv'), 'utf8');
    expect(rejects.split('\r\n').filter(Boolean)).toHaveLength(2);
    expect(r.stderr).toContain('无法读取 1 条');
    const report = JSON.parse(readFileSync(join(dir, 'broken.json'), 'utf8'));
    expect(report.examples.FORM_TYPE.map((e: { index: number; message: string }) => [e.index, e.message])).toEqual([[2, 'R3 户口性质：应为代码（整数），实为 “农业户口X”']]);
  });

  it('an unclosed quote rejects the line it opens on, and the lines after it are read, in both reading paths', async () => {
    const [a, b, c] = persons;
    writeFileSync(join(dir, 'quote.csv'), [header, good(a!), `"${good(b!)}`, good(c!)].join('\n') + '\n');
    for (const extra of [[], ['--workers', '2']]) {
      const r = await canji(dir, 'check', 'quote.csv', ...extra);
      expect(r.stderr).toContain('读取 3 行 = 处理 2 行 + 拒收 1 行');
      expect(r.stderr).toContain('第 3 行 CSV_QUOTE_UNCLOSED：这一行的引号没有闭合');
    }
  });

  it('an empty file is an input error (exit 2)', async () => {
    writeFileSync(join(dir, 'empty.csv'), '');
    const r = await canji(dir, 'check', 'empty.csv');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`错误 [INPUT_EMPTY]：文件“${join(dir, 'empty.csv')}”是空的\n`);
  });

  it('a header without data rows is an input error (exit 2)', async () => {
    writeFileSync(join(dir, 'header-only.csv'), header + '\r\n');
    const r = await canji(dir, 'check', 'header-only.csv');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('INPUT_NO_ROWS');
  });

  it('a header that is not the form is an input error (exit 2), with zh-CN message', async () => {
    writeFileSync(join(dir, 'wrong.csv'), '商品,价格\n苹果,3\n');
    const r = await canji(dir, 'check', 'wrong.csv');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('错误 [INPUT_HEADER_UNKNOWN]：无法识别表头');
  });

  it('a header without the ID column is an input error (exit 2)', async () => {
    writeFileSync(join(dir, 'no-id.csv'), 'name,r3\n张三,1\n');
    const r = await canji(dir, 'check', 'no-id.csv');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('表头缺少必需的列：resident_id');
  });

  it('JSON Lines: a line that is not JSON is rejected with its line number', async () => {
    const lines = [JSON.stringify(persons[0]), '{not json', JSON.stringify(persons[1])];
    writeFileSync(join(dir, 'p.jsonl'), lines.join('\n') + '\n');
    const r = await canji(dir, 'check', 'p.jsonl');
    expect(r.stderr).toContain('读取 3 行 = 处理 2 行 + 拒收 1 行');
    expect(r.stderr).toContain('第 2 行 JSON_INVALID');
    expect(r.code).toBe(1);
  });

  it('usage errors exit 2 with zh-CN messages', async () => {
    expect(await canji(dir, 'check', 'persons-bom.csv', '--bogus')).toMatchObject({ code: 2, stderr: expect.stringContaining('未知选项：--bogus') });
    expect(await canji(dir, 'check', 'persons-bom.csv', '--as-of', '2019/06/30')).toMatchObject({ code: 2, stderr: expect.stringContaining('--as-of 应为 YYYY-MM-DD') });
    expect(await canji(dir, 'check', 'missing.csv')).toMatchObject({ code: 2, stderr: expect.stringContaining('找不到文件') });
    expect(await canji(dir, 'check', 'persons-bom.csv', '--out', 'r.pdf')).toMatchObject({ code: 2, stderr: expect.stringContaining('.pdf') });
    expect(await canji(dir, 'frobnicate')).toMatchObject({ code: 2, stderr: expect.stringContaining('未知命令') });
    expect(await canji(dir, 'check', 'persons-bom.csv', '--dept', 'police')).toMatchObject({ code: 2, stderr: expect.stringContaining('--dept 的写法') });
  });

  it('--fail-on never turns problems into exit 0', async () => {
    const r = await canji(dir, 'check', 'broken.csv', '--fail-on', 'never');
    expect(r.code).toBe(0);
  });
});

describe('reading pieces', () => {
  it('the record splitter never cuts inside quotes, whatever the chunk boundaries', async () => {
    const { RecordSplitter } = await import('../src/record-splitter.js');
    const fc = await import('fast-check');
    fc.assert(
      fc.property(fc.array(fc.array(fc.string({ unit: fc.constantFrom('a', '"', ',', '\n', '中') }), { maxLength: 3 }), { maxLength: 6 }), fc.array(fc.nat(40), { maxLength: 5 }), (rows, cuts) => {
        const quote = (f: string) => (/[",\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f);
        const text = rows.map((r) => r.map(quote).join(',') + '\n').join('');
        const bytes = Buffer.from(text);
        const s = new RecordSplitter('csv');
        const out: Buffer[] = [];
        let at = 0;
        for (const c of [...cuts].sort((a, b) => a - b)) {
          const end = Math.min(bytes.length, c);
          if (end <= at) continue;
          for (const c of s.push(bytes.subarray(at, end))) out.push(c.bytes);
          at = end;
        }
        for (const c of s.push(bytes.subarray(at))) out.push(c.bytes);
        for (const c of s.end()) out.push(c.bytes);
        // Reassembled, nothing lost; each chunk but the last ends a record: an even number of quotes before its final line feed.
        expect(Buffer.concat(out).toString()).toBe(text);
        for (const chunk of out) expect((chunk.toString().match(/"/g) ?? []).length % 2).toBe(0);
      }),
    );
  });

  it('detects UTF-8, UTF-8 with BOM and GBK from the bytes', async () => {
    const { detectEncoding } = await import('@canji/cli');
    expect(detectEncoding(Buffer.from('\uFEFF姓名', 'utf8')).label).toBe('UTF-8（带 BOM）');
    expect(detectEncoding(Buffer.from('姓名,身份证号', 'utf8')).encoding).toBe('utf8');
    expect(detectEncoding(iconv.encode('姓名,身份证号', 'gbk')).encoding).toBe('gb18030');
    expect(detectEncoding(Buffer.from('name,resident_id', 'ascii')).encoding).toBe('utf8');
  });
});
