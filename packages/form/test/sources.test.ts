/**
 * docs/sources.md and `SOURCES` are one table: the module is generated from the document and this
 * test fails when they differ, when an id is malformed, or when the form cites an id that is not there.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { codes, isSourceId, personForm, PERSON_FORM_VERSIONS, SOURCES, villageForm } from '@canji/form';
import { parseSourcesMarkdown, renderSourcesModule, SOURCES_MD, SOURCES_TS } from '../../../scripts/sources/generate.js';

const md = readFileSync(SOURCES_MD, 'utf8');
const parsed = parseSourcesMarkdown(md);

describe('SOURCES and docs/sources.md', () => {
  it('hold the same sources, field for field', () => {
    expect(Object.values(SOURCES)).toEqual(parsed);
    expect(readFileSync(SOURCES_TS, 'utf8')).toBe(renderSourcesModule(parsed));
  });

  it('keep the ids of the research notes: S1–S28, C1–C11, P1–P54 without P14, P23, P24', () => {
    const ids = (prefix: string) => parsed.filter((s) => s.id.startsWith(prefix)).map((s) => Number(s.id.slice(1)));
    const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
    expect(ids('S')).toEqual(range(28));
    expect(ids('C')).toEqual(range(11));
    expect(ids('P')).toEqual(range(54).filter((n) => ![14, 23, 24].includes(n)));
  });

  it('give every source an explicit lower-case anchor, so docs/sources.md#p12 links work', () => {
    for (const s of parsed) expect(md).toContain(`<a id="${s.id.toLowerCase()}"></a>${s.id} |`);
  });

  it('mark the unconfirmed document numbers as unverified, in the field and in the flag', () => {
    const byNumber = (n: string) => Object.values(SOURCES).find((s) => s.number.startsWith(n));
    for (const n of ['民发〔2021〕70号', 'GA 2102-2023', '国发〔2014〕8号']) {
      const s = byNumber(n);
      expect(s?.verified, n).toBe(false);
      expect(s?.number).toContain('未核实');
    }
    expect(SOURCES.D7).toMatchObject({ number: '国发〔2015〕52号', verified: true });
  });

  it('read a web address only from the 可读处 column', () => {
    expect(SOURCES.S1.url).toBe('https://360docs.net/doc/7811860459.html');
    expect(SOURCES.S5.url).toBeUndefined();
    for (const s of Object.values(SOURCES)) if (s.url) expect(s.where).toContain(s.url);
  });

  it('reject a malformed row with a clear message', () => {
    expect(() => parseSourcesMarkdown('| <a id="s1"></a>S1 | a | b | c | d | e | 也许 | f |')).toThrow(/核实 must be 是 or 否/);
    expect(() => parseSourcesMarkdown('| <a id="s2"></a>S1 | a | b | c | d | e | 是 | f |')).toThrow(/anchor s2 is not s1/);
    expect(() => parseSourcesMarkdown('| <a id="s1"></a>S1 | a | b | c | 是 | f |')).toThrow(/cells/);
  });

  it('isSourceId tells ids of the table from others', () => {
    expect(isSourceId('P12')).toBe(true);
    expect(isSourceId('P14')).toBe(false);
    expect(isSourceId('toString')).toBe(false);
  });
});

describe('the forms cite only sources of docs/sources.md', () => {
  const cited = (text: string | undefined) => text?.match(/\b[DSPC]\d+\b/g) ?? [];
  it('items, code lists, skip rules and implications', () => {
    const texts: (string | undefined)[] = [];
    for (const f of [...PERSON_FORM_VERSIONS.map((v) => personForm(v)), villageForm('2017')]) {
      for (const i of f.items) texts.push(i.source, i.note);
      for (const s of f.skipRules) texts.push(s.source, s.note);
      for (const m of f.implications) texts.push(m.source, m.note);
    }
    for (const c of Object.values(codes)) texts.push(c.source, c.note);
    const ids = new Set(texts.flatMap(cited));
    expect(ids.size).toBeGreaterThan(10);
    for (const id of ids) expect(isSourceId(id), id).toBe(true);
  });
});
