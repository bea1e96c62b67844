/**
 * Research access records (issue 20 item 5): `canji deid --request --recipient` keys the tokens for
 * the recipient and writes the access record beside the extract; two recipients' extracts of the
 * same synthetic data share no token; `canji trace` names the right recipient from 20 leaked rows
 * and exits 1 when none matches; an expired request is refused; the key (and any derived key) is in
 * no output file and on neither stream.
 */
import { hkdfSync } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canji, removeTempDirs, tempDir, type RunResult } from './helpers.js';

afterAll(removeTempDirs);
const dir = tempDir();
const KEY = Buffer.from(Array.from({ length: 32 }, (_, i) => (i * 91 + 7) & 255));
const REQUEST = { applicant: '李某', institution: '某大学公共卫生学院', purpose: '康复服务可及性研究', approvalNo: '湘残联函〔2026〕8号', expires: '2027-06-30', keyId: 'k2026' };
const runs: RunResult[] = [];
const run = async (...argv: string[]) => {
  const r = await canji(dir, ...argv);
  runs.push(r);
  return r;
};
const readCsv = (f: string) => parse(readFileSync(join(dir, f), 'utf8').replace(/^\uFEFF/, ''), { columns: true }) as Record<string, string>[];

beforeAll(async () => {
  expect((await run('synth', '--count', '300', '--region', '430121', '--seed', '9', '--out', 'data.csv', '-q')).code).toBe(0);
  writeFileSync(join(dir, 'office.key'), KEY.toString('hex') + '\n');
  writeFileSync(join(dir, 'req-a.json'), JSON.stringify({ ...REQUEST, recipient: 'team-a' }));
  writeFileSync(join(dir, 'req-b.json'), JSON.stringify({ ...REQUEST, applicant: '张某', recipient: 'team-b' }));
  writeFileSync(join(dir, 'req-old.json'), JSON.stringify({ ...REQUEST, expires: '2026-06-30', recipient: 'team-c' }));
  for (const r of ['a', 'b']) {
    const d = await run('deid', 'data.csv', '--key-file', 'office.key', '--key-id', 'k2026', '--request', `req-${r}.json`, '--issued-on', '2026-12-03', '--as-of', '2019-06-30', '-o', `extract-${r}.csv`, '-q');
    expect(d.code, d.stderr).toBe(0);
  }
});

describe('canji deid --request --recipient', () => {
  it('two recipients\' extracts of the same data differ in every token, and agree elsewhere', () => {
    const a = readCsv('extract-a.csv');
    const b = readCsv('extract-b.csv');
    expect(a.length).toBe(b.length);
    expect(a.length).toBeGreaterThan(200);
    const tokensA = new Set(a.map((r) => r.resident_id));
    expect(tokensA.size).toBe(a.length);
    expect(b.some((r) => tokensA.has(r.resident_id!))).toBe(false);
    for (const r of [...a, ...b]) expect(r.resident_id).toMatch(/^k2026:[A-Za-z0-9_-]{22}$/);
    // The same rows otherwise: only the keyed tokens tell the extracts apart.
    const strip = (r: Record<string, string>) => JSON.stringify(Object.values(r).map((v) => (/^k2026:/.test(v) ? '' : v)));
    expect(a.map(strip)).toEqual(b.map(strip));
  });

  it('writes the access record beside the extract: request, recipient, key id, derivation fingerprint, extract hash', () => {
    const rec = JSON.parse(readFileSync(join(dir, 'extract-a.csv.access.json'), 'utf8'));
    expect(rec).toMatchObject({ kind: 'canji-access-record', recipient: 'team-a', keyId: 'k2026', request: { ...REQUEST, recipient: 'team-a' }, issuedOn: '2026-12-03', derivation: { method: 'HKDF-SHA-256', info: 'team-a' } });
    expect(rec.derivation.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(rec.extract.records).toBe(readCsv('extract-a.csv').length);
    const meta = JSON.parse(readFileSync(join(dir, 'extract-a.csv.meta.json'), 'utf8'));
    expect(meta.key.fingerprint).toBe(rec.derivation.fingerprint);
    expect(meta.recipient).toBe('team-a');
  });

  it('refuses an expired request, a recipient other than the request\'s, and --recipient without a request — writing nothing', async () => {
    const old = await run('deid', 'data.csv', '--key-file', 'office.key', '--key-id', 'k2026', '--request', 'req-old.json', '--issued-on', '2026-12-03', '-o', 'old.csv', '-q');
    expect(old.code).toBe(2);
    expect(old.stderr).toContain('ACCESS_REQUEST_EXPIRED');
    expect(old.stderr).toContain('已于 2026-06-30 到期');
    const other = await run('deid', 'data.csv', '--key-file', 'office.key', '--key-id', 'k2026', '--request', 'req-a.json', '--recipient', 'team-b', '-o', 'other.csv', '-q');
    expect(other.code).toBe(2);
    const bare = await run('deid', 'data.csv', '--key-file', 'office.key', '--recipient', 'team-b', '-o', 'bare.csv', '-q');
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('USAGE_REQUEST_REQUIRED');
    const keyless = await run('deid', 'data.csv', '--request', 'req-a.json', '-o', 'keyless.csv', '-q');
    expect(keyless.code).toBe(2);
    const wrongKey = await run('deid', 'data.csv', '--key-file', 'office.key', '--key-id', 'k2025', '--request', 'req-a.json', '-o', 'wk.csv', '-q');
    expect(wrongKey.stderr).toContain('ACCESS_KEY_ID_MISMATCH');
    for (const f of ['old.csv', 'other.csv', 'bare.csv', 'keyless.csv', 'wk.csv']) expect(existsSync(join(dir, f))).toBe(false);
  });
});

describe('canji trace', () => {
  const leak = (from: string, to: string, rows: [number, number]) => {
    const lines = readFileSync(join(dir, from), 'utf8').split('\n');
    writeFileSync(join(dir, to), [lines[0], ...lines.slice(1 + rows[0], 1 + rows[1])].join('\n') + '\n');
  };

  it('names the recipient of 20 leaked rows (each way round) by recomputing tokens on the original data', async () => {
    leak('extract-b.csv', 'leak-b.csv', [40, 60]);
    leak('extract-a.csv', 'leak-a.csv', [100, 120]);
    const b = await run('trace', 'leak-b.csv', '--key-file', 'office.key', '--candidates', '.', '--original', 'data.csv', '-o', 'trace-b.json', '-q');
    expect(b.code, b.stderr).toBe(0);
    expect(b.stderr).toContain('数据提供给了接收方 team-b');
    const res = JSON.parse(readFileSync(join(dir, 'trace-b.json'), 'utf8'));
    expect(res).toMatchObject({ method: 'tokens', recipient: 'team-b', keyId: 'k2026' });
    // Every candidate in the directory (team-c's expired request too); only team-b explains the tokens.
    expect(res.matches.map((m: { recipient: string; matched: number }) => [m.recipient, m.matched])).toEqual([['team-b', res.leaked], ['team-a', 0], ['team-c', 0]]);
    expect(res.leaked).toBeGreaterThanOrEqual(20);
    // -o -: the same result as JSON on stdout, the lines for people on stderr.
    const piped = await run('trace', 'leak-b.csv', '--key-file', 'office.key', '--candidates', '.', '--original', 'data.csv', '-o', '-', '-q');
    expect(piped.code, piped.stderr).toBe(0);
    expect(JSON.parse(piped.stdout)).toEqual(res);
    expect(piped.stderr).toContain('数据提供给了接收方 team-b');
    const a = await run('trace', 'leak-a.csv', '--key-file', 'office.key', '--candidates', 'extract-a.csv.access.json', '--candidates', 'extract-b.csv.access.json', '--original', 'data.csv', '-q');
    expect(a.code).toBe(0);
    expect(a.stdout).toContain('数据提供给了接收方 team-a');
  });

  it('exits 1 when no candidate matches', async () => {
    const r = await run('trace', 'leak-b.csv', '--key-file', 'office.key', '--candidates', 'req-a.json', '--original', 'data.csv', '-q');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('没有候选接收方与泄露数据匹配');
  });

  it('without the original data, matches the fingerprint of the extract\'s own record; asks for --original otherwise', async () => {
    const r = await run('trace', 'extract-b.csv', '--key-file', 'office.key', '--candidates', 'req-a.json', '--candidates', 'req-b.json', '-q');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('team-b');
    const bare = await run('trace', 'leak-b.csv', '--key-file', 'office.key', '--candidates', '.', '-q');
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('--original');
  });

  it('the key and the derived keys appear in no output file and on neither stream', () => {
    const secrets = [KEY, ...['team-a', 'team-b', 'team-c'].map((r) => Buffer.from(hkdfSync('sha256', KEY, 'canji-recipient-key-v1', r, 32)))];
    const forms = secrets.flatMap((s) => [s.toString('hex'), s.toString('hex').toUpperCase(), s.toString('base64'), s.toString('base64url'), s.toString('base64').replace(/=+$/, '')]);
    const files = readdirSync(dir).filter((f) => f !== 'office.key' && f !== 'data.csv');
    expect(files.length).toBeGreaterThan(8);
    for (const f of files) {
      const bytes = readFileSync(join(dir, f));
      const text = bytes.toString('utf8');
      for (const form of forms) expect(text.includes(form), `${f}`).toBe(false);
      for (const s of secrets) expect(bytes.includes(s), `${f} raw bytes`).toBe(false);
    }
    for (const r of runs) for (const form of forms) expect(r.stdout.includes(form) || r.stderr.includes(form)).toBe(false);
  });
});
