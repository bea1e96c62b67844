import { PassThrough } from 'node:stream';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { flatColumns, fromFlatRow, toFlatRow } from '@canji/form';
import { describe, expect, it } from 'vitest';
import { csvLine, fabricateVillages, synthesizePersons, writeCsv, writeJsonLines, writePersonsCsv } from '@canji/synth';

async function collect(write: (out: PassThrough) => Promise<unknown>): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await write(out);
  return Buffer.concat(chunks);
}

/** A small RFC 4180 reader for the tests. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\r' && text[i + 1] === '\n') row.push(field), rows.push(row), (row = []), (field = ''), i++;
    else field += c;
  }
  return rows;
}

const persons = () => synthesizePersons({ seed: 'writers', count: 400, villages: fabricateVillages('430121') });

describe('writers', () => {
  it('JSON Lines: one record per line, read back equal; same seed → same bytes', async () => {
    const a = await collect((out) => writeJsonLines(persons(), out));
    const b = await collect((out) => writeJsonLines(persons(), out));
    expect(createHash('sha256').update(a).digest('hex')).toBe(createHash('sha256').update(b).digest('hex'));
    const lines = a.toString('utf8').trimEnd().split('\n');
    expect(lines.map((l) => JSON.parse(l))).toEqual([...persons()]);
  });

  it('person CSV (machine headers, UTF-8): cells are toFlatRow’s, and fromFlatRow reads each row back to the record', async () => {
    const buf = await collect((out) => writePersonsCsv(persons(), out));
    const [header, ...rows] = parseCsv(buf.toString('utf8'));
    expect(header).toEqual(flatColumns());
    const records = [...persons()];
    rows.forEach((cells, i) => {
      const row = Object.fromEntries(header!.map((h, j) => [h, cells[j]!]).filter(([, v]) => v !== ''));
      expect(row).toEqual(toFlatRow(records[i]!));
      const back = fromFlatRow(row);
      expect(back.issues.filter((x) => x.severity === 'error')).toEqual([]);
      expect(back.record).toEqual(records[i]);
    });
  });

  it('person CSV with Chinese headers in GBK decodes to the same text as the UTF-8 file', async () => {
    const gbk = await collect((out) => writePersonsCsv(persons(), out, { headers: 'label', encoding: 'gbk' }));
    const utf8 = await collect((out) => writePersonsCsv(persons(), out, { headers: 'label' }));
    expect(gbk.length).toBeLessThan(utf8.length); // two bytes per Chinese character instead of three
    const text = iconv.decode(gbk, 'gbk');
    expect(text).toBe(utf8.toString('utf8'));
    expect(text.startsWith('村（社区）区划代码,')).toBe(true);
  });

  it('UTF-8 with BOM starts with EF BB BF; large outputs are written in chunks without loss', async () => {
    const many = synthesizePersons({ seed: 'chunks', count: 3000, villages: fabricateVillages('430121') });
    const buf = await collect((out) => writeCsv(many, out, { columns: [{ key: 'name', header: '姓名' }, { key: 'r27', header: 'R27' }], encoding: 'utf8-bom' }));
    expect([...buf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(buf.subarray(3).toString('utf8'));
    expect(rows.length).toBe(3001);
  });

  it('a person stream handed over as is (bytes encoded from its full records) writes exactly what its records give', async () => {
    // The writers encode a PersonStream straight to bytes; an array of the same records takes the
    // JSON.stringify / cell-by-cell path. Several seeds and regions, so that every answer pattern
    // (pupils with R14 before R12, institution residents, deceased persons' remarks …) occurs.
    const columns = [
      { key: 'name', header: '姓名' },
      { key: 'r27', header: 'R27' },
      { key: 'not_a_key', header: '?' },
      { key: 'remarks', header: '备注' },
      { key: 'name', header: '姓名2' },
    ];
    for (const [seed, region] of [['fast-1', '430121'], [7, '43'], ['fast-3', '110101']] as const) {
      const stream = () => synthesizePersons({ seed, count: 1500, region });
      const records = [...stream()];
      const lines = records.map((r) => JSON.stringify(r) + '\n').join('');
      expect((await collect((out) => writeJsonLines(stream(), out))).toString('utf8')).toBe(lines);
      expect((await collect((out) => writePersonsCsv(stream(), out))).equals(await collect((out) => writePersonsCsv(records, out)))).toBe(true);
      expect((await collect((out) => writeCsv(stream(), out, { columns }))).equals(await collect((out) => writeCsv(records, out, { columns })))).toBe(true);
    }
  });

  it('records larger than the write buffer (256 KiB) and odd values come out whole', async () => {
    const records = [{ a: 1 }, { big: '残'.repeat(200_000), n: [1, 2], s: 'q"\n\ud800' }, { b: null, c: true, d: { e: 2 } }, { a: 2 }];
    const json = await collect((out) => writeJsonLines(records, out));
    expect(json.toString('utf8')).toBe(records.map((r) => JSON.stringify(r) + '\n').join(''));
    const csv = await collect((out) => writeCsv(records, out, { columns: [{ key: 'a', header: 'a' }, { key: 'big', header: 'big' }, { key: 's', header: 's' }] }));
    expect(csv.toString('utf8')).toBe(['a,big,s', '1,,', `,${'残'.repeat(200_000)},"q""\n\ufffd"`, ',,', '2,,', ''].join('\r\n'));
  });

  it('csvLine quotes exactly what needs quoting and reads back (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: fc.constantFrom('a', '残', ',', '"', '\n', '\r', ' ', '1') }), { minLength: 1, maxLength: 6 }), (cells) => {
        const back = parseCsv(csvLine(cells));
        expect(back).toEqual([cells]);
      }),
    );
  });
});
