/**
 * `canji deid` releases (issue 15, items 3, 15, 17):
 * - k-anonymity holds over EVERY quasi-identifier the released file carries, recomputed here
 *   independently with a plain group-by over the file (before: k = 5 over the five searched
 *   fields, k = 1 once 户口性质, 婚姻状况 or the collection / declaration month was added — they
 *   were released without being searched), and the risk report is the released file's;
 * - weak pseudonym keys are refused; a key file's final LF or CRLF does not change the key; the
 *   key's fingerprint (never the key) is printed and written to the metadata;
 * - the extract is created with mode 0600.
 */
import { createHash, createHmac } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { identifierClassOf } from '@canji/deid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canji, removeTempDirs, tempDir } from './helpers.js';

afterAll(removeTempDirs);
const dir = tempDir();
const KEY_HEX = createHash('sha256').update('deid release test key').digest('hex');

beforeAll(async () => {
  expect((await canji(dir, 'synth', '--count', '1500', '--region', '430121', '--seed', '5', '--out', 'persons.csv', '-q')).code).toBe(0);
  writeFileSync(join(dir, 'key.hex'), KEY_HEX + '\n');
});

/** Smallest class over the given columns: a plain group-by on the cells as the file holds them. */
function minClass(rows: Record<string, string>[], columns: readonly string[]): number {
  const sizes = new Map<string, number>();
  for (const r of rows) {
    const key = JSON.stringify(columns.map((c) => r[c] ?? ''));
    sizes.set(key, (sizes.get(key) ?? 0) + 1);
  }
  return Math.min(...sizes.values());
}

const readCsv = (file: string): Record<string, string>[] => parse(readFileSync(join(dir, file), 'utf8'), { columns: true, bom: true });

describe('canji deid: k-anonymity over every released quasi-identifier', () => {
  it.each([
    ['the default --quasi', []],
    ['--quasi with 户口性质, 婚姻状况 and the collection and declaration dates', ['--quasi', 'region_code,sex,birth_date,r3,r4,collected_on,declared_on']],
  ])('%s: the released file is k-anonymous over all its quasi-identifier columns, and the report says so', async (_name, extra) => {
    const out = `research-${extra.length}.csv`;
    const risk = `risk-${extra.length}.json`;
    const r = await canji(dir, 'deid', 'persons.csv', '--key-file', 'key.hex', '--k', '5', '--as-of', '2019-06-30', ...extra, '--out', out, '--risk-report', risk, '-q');
    expect(r.code).toBe(0);
    const rows = readCsv(out);
    expect(rows.length).toBeGreaterThan(1000);
    const columns = Object.keys(rows[0]!);
    const quasi = columns.filter((c) => identifierClassOf(c, undefined, '2017') === 'quasi');
    expect(quasi).toEqual(expect.arrayContaining(['region_code', 'sex', 'birth_date']));
    if (extra.length) expect(quasi).toEqual(expect.arrayContaining(['r3', 'r4', 'collected_on', 'declared_on']));
    else for (const q of ['r3', 'r4', 'collected_on', 'declared_on']) expect(columns).not.toContain(q);
    const k = minClass(rows, quasi);
    expect(k).toBeGreaterThanOrEqual(5);
    const report = JSON.parse(readFileSync(join(dir, risk), 'utf8'));
    expect(report.after.records).toBe(rows.length);
    expect(report.after.k).toBe(k);
    expect(report.after.prosecutorRisk.maximum).toBeCloseTo(1 / k, 12);
    expect([...report.after.quasiIdentifiers].sort()).toEqual([...quasi].sort());
  });

  it('says which quasi-identifiers it dropped because they were not searched', async () => {
    const r = await canji(dir, 'deid', 'persons.csv', '--k', '5', '--as-of', '2019-06-30', '--out', 'plain.csv', '--risk-report', 'plain.md', '-q');
    expect(r.stderr).toMatch(/未列入 --quasi 的准标识符已删除：.*r3（户口性质）.*r4（婚姻状况）/);
    expect(readFileSync(join(dir, 'plain.md'), 'utf8')).toContain('未列入 --quasi 的准标识符不予发布');
  });

  it('creates the extract and its metadata with mode 0600', async () => {
    await canji(dir, 'deid', 'persons.csv', '--key-file', 'key.hex', '--as-of', '2019-06-30', '--out', 'mode.jsonl', '-q');
    if (process.platform === 'win32') return;
    expect(statSync(join(dir, 'mode.jsonl')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'mode.jsonl.meta.json')).mode & 0o777).toBe(0o600);
  });
});

describe('canji deid: pseudonym keys', () => {
  it.each([
    ['32 zero bytes (hex)', '00'.repeat(32)],
    ['a password with a suffix', 'password-for-the-2019-extract-please'],
    ['one character repeated', 'a'.repeat(40)],
    ['a block repeated', '0123456789abcdef'.repeat(4)],
  ])('refuses a weak key: %s (DEID_KEY_WEAK, exit 2, the key never printed)', async (_name, key) => {
    writeFileSync(join(dir, 'weak.key'), key);
    const r = await canji(dir, 'deid', 'persons.csv', '--key-file', 'weak.key', '--out', 'weak.csv', '-q');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('错误 [DEID_KEY_WEAK]');
    expect(r.stderr + r.stdout).not.toContain(key);
    expect(r.stderr + r.stdout).not.toContain('password');
  });

  it('the same key file with LF, CRLF or no final newline gives the same pseudonyms and fingerprint', async () => {
    const passphrase = 'Vq7#pL2x!mZ9&rT4@wK8^nB3*hD6$yF1';
    const tokens: string[] = [];
    const prints: string[] = [];
    for (const [i, ending] of ['', '\n', '\r\n'].entries()) {
      writeFileSync(join(dir, `pass${i}.key`), passphrase + ending);
      const r = await canji(dir, 'deid', 'persons.csv', '--key-file', `pass${i}.key`, '--as-of', '2019-06-30', '--out', `pass${i}.jsonl`, '-q');
      expect(r.code).toBe(0);
      tokens.push(readFileSync(join(dir, `pass${i}.jsonl`), 'utf8').split('\n')[0]!);
      prints.push(/指纹 ([0-9a-f]{16})/.exec(r.stderr)![1]!);
    }
    expect(new Set(tokens).size).toBe(1);
    expect(tokens[0]).toMatch(/"resident_id":"k1:/);
    expect(new Set(prints).size).toBe(1);
    expect(prints[0]).toBe(createHmac('sha256', Buffer.from(passphrase)).update('canji-key-fingerprint').digest('hex').slice(0, 16));
  });

  it('prints the fingerprint and writes it to the metadata; the key itself appears in no output', async () => {
    const r = await canji(dir, 'deid', 'persons.csv', '--key-file', 'key.hex', '--as-of', '2019-06-30', '--out', 'fp.csv', '--risk-report', 'fp.md', '-q');
    const fingerprint = createHmac('sha256', Buffer.from(KEY_HEX, 'hex')).update('canji-key-fingerprint').digest('hex').slice(0, 16);
    expect(r.stderr).toContain(`指纹 ${fingerprint}`);
    const meta = JSON.parse(readFileSync(join(dir, 'fp.csv.meta.json'), 'utf8'));
    expect(meta.key).toEqual({ keyId: 'k1', fingerprint, tokenLength: 22 });
    const base64 = Buffer.from(KEY_HEX, 'hex').toString('base64');
    for (const text of [r.stdout, r.stderr, ...['fp.csv', 'fp.csv.meta.json', 'fp.md'].map((f) => readFileSync(join(dir, f), 'utf8'))]) {
      expect(text.toLowerCase()).not.toContain(KEY_HEX.slice(0, 16));
      expect(text).not.toContain(base64.slice(0, 16));
    }
  });
});
