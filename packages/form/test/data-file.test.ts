import fc from 'fast-check';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { parseJsonText, readDataFile } from '@canji/form';

const schema = z.strictObject({ version: z.literal(1).optional(), items: z.array(z.strictObject({ id: z.string() })) });

describe('parseJsonText', () => {
  it('reads any JSON value back (with or without a byte-order mark)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (v, bom) => {
        const r = parseJsonText((bom ? '\uFEFF' : '') + JSON.stringify(v, null, 1));
        expect(r).toEqual({ ok: true, value: JSON.parse(JSON.stringify(v)) });
      }),
    );
  });

  it('says where a syntax error is, in zh-CN, on a line the text has', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { minLength: 1, maxLength: 5 }), fc.nat(), (vs, k) => {
        const text = JSON.stringify(vs, null, 2);
        // Break it: drop one character that is structural.
        const cuts = [...text].map((c, i) => (/[\]\[{},:]/.test(c) ? i : -1)).filter((i) => i >= 0);
        const at = cuts[k % cuts.length]!;
        const broken = text.slice(0, at) + text.slice(at + 1);
        const r = parseJsonText(broken);
        if (r.ok) return; // e.g. a dropped ',' between nothing
        expect(r.reason).not.toMatch(/[A-Za-z]{3,}/); // no engine English
        const line = /第 (\d+) 行/.exec(r.reason);
        if (line) expect(Number(line[1])).toBeLessThanOrEqual(broken.split('\n').length);
      }),
    );
  });

  it('names the line and column of a stray comma, and an unfinished text', () => {
    expect(parseJsonText('{\n  "a": 1,\n}')).toEqual({ ok: false, reason: '第 3 行第 1 列附近格式有误' });
    expect(parseJsonText('{"a": ')).toMatchObject({ ok: false, reason: expect.stringMatching(/^内容不完整/) });
  });
});

describe('readDataFile', () => {
  const read = (x: unknown) => readDataFile(x, schema, { code: 'TEST_FILE', what: '测试文件' });
  it('gives the value of a good file, from text or parsed', () => {
    expect(read('{"items":[{"id":"a"}]}')).toEqual({ ok: true, value: { items: [{ id: 'a' }] } });
    expect(read({ version: 1, items: [] })).toEqual({ ok: true, value: { version: 1, items: [] } });
  });
  it('JSON, version and schema errors with the prefix codes and JSON paths', () => {
    expect(read('{"items": [}')).toMatchObject({ ok: false, errors: [{ code: 'TEST_FILE_JSON', path: '$' }] });
    expect(read({ version: 3, items: [] })).toEqual({ ok: false, errors: [{ code: 'TEST_FILE_VERSION', path: '$.version', message: '$.version：测试文件格式版本 3 不受支持：此版本的 canji 只读 version 1' }] });
    const r = read({ items: [{ id: 1 }, { id: 'b', extra: true }] });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors.map((e) => [e.code, e.path])).toEqual([
        ['TEST_FILE_SCHEMA', '$.items[0].id'],
        ['TEST_FILE_SCHEMA', '$.items[1]'],
      ]);
      for (const e of r.errors) expect(e.message.startsWith(`${e.path}：`)).toBe(true);
    }
  });
});
