/**
 * The conventions a pipeline relies on (issue 21): a closed pipe ends `canji` quietly, `--version`
 * and `--help` do not load the commands' dependencies, unknown regions and impossible dates are
 * usage errors (exit 2, zh-CN, stable code), `-` reads stdin; and every package carries the LICENSE
 * and the repository fields npm shows.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, type CliIo } from '@canji/cli';
import { canji, removeTempDirs, tempDir } from './helpers.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BIN = join(ROOT, 'packages/cli/src/bin.ts');
const node = (args: readonly string[]) => [process.execPath, '--import', 'tsx', BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');

/** Runs a shell pipeline with pipefail, so the exit code is canji's. */
const sh = (cmd: string) => spawnSync('bash', ['-c', `set -o pipefail; ${cmd}`], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });

let dir: string;
beforeAll(async () => {
  dir = tempDir();
  const r = await canji(dir, 'synth', '--count', '30', '--seed', '7', '--out', 'p.csv', '-q');
  expect(r.code).toBe(0);
});
afterAll(removeTempDirs);

describe('a closed pipe (EPIPE)', () => {
  it('ends quietly with exit 0 when the reader is gone before canji writes (canji regions 长沙 | true)', () => {
    const r = sh(`${node(['regions', '长沙'])} | true`);
    expect(r.stderr).not.toMatch(/EPIPE|Unhandled|\n\s+at /);
    expect(r.status).toBe(0);
  });

  it('ends quietly when the reader stops after one line (canji schema | head -1)', () => {
    const r = sh(`${node(['schema'])} | head -1`);
    expect(r.stdout.trim()).toBe('{');
    expect(r.stderr).not.toMatch(/EPIPE|Unhandled|\n\s+at /);
    expect(r.status).toBe(0);
  });
});

describe('start-up loads commander alone', () => {
  // A resolve hook that records every bare specifier the program imports.
  const hooks = (log: string) => {
    const d = tempDir();
    writeFileSync(
      join(d, 'hooks.mjs'),
      `import { appendFileSync } from 'node:fs';\nexport async function resolve(s, c, next) { if (!s.startsWith('node:') && !s.startsWith('.') && !s.startsWith('file:')) appendFileSync(${JSON.stringify(log)}, s + '\\n'); return next(s, c); }\n`,
    );
    writeFileSync(join(d, 'register.mjs'), `import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n`);
    return join(d, 'register.mjs');
  };
  const HEAVY = /^(exceljs|@duckdb\/|playwright-core|zod|csv-parse|iconv-lite|cli-progress|@canji\/)/;

  it.each([['--version'], ['--help'], ['check', '--help']])('canji %s imports no command dependency', (...args) => {
    const log = join(tempDir(), 'imports.log');
    writeFileSync(log, '');
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--import', hooks(log), BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(0);
    const imported = readFileSync(log, 'utf8').split('\n').filter(Boolean);
    expect(imported).toContain('commander'); // the hook saw the program's imports
    expect(imported.filter((s) => HEAVY.test(s))).toEqual([]);
  });

  it('cli.ts imports the command modules lazily (types only at the top)', () => {
    const src = readFileSync(join(ROOT, 'packages/cli/src/cli.ts'), 'utf8');
    const eager = src.split('\n').filter((l) => /^import\s+(?!type\b)/.test(l) && /from '\.\/commands\//.test(l));
    expect(eager).toEqual([]);
  });
});

describe('usage errors: exit 2, zh-CN, a stable code', () => {
  it('an unknown region in canji check is USAGE_REGION, not a finding on every record', async () => {
    const r = await canji(dir, 'check', 'p.csv', '--region', '999999', '-q');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^错误 \[USAGE_REGION\]：--region 的区划代码未知：999999/);
    expect(r.stdout).toBe('');
  });

  it('an unknown village code is USAGE_REGION; a known county and village pass', async () => {
    expect((await canji(dir, 'check', 'p.csv', '--region', '430121999999', '-q')).code).toBe(2);
    expect((await canji(dir, 'check', 'p.csv', '--region', '430121', '-q')).code).not.toBe(2);
    expect((await canji(dir, 'check', 'p.csv', '--region', '430121001001', '-q')).code).not.toBe(2);
  });

  it('an unknown region in canji synth is USAGE_REGION', async () => {
    const r = await canji(dir, 'synth', '--count', '2', '--region', '999999', '--out', 'x.csv');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('[USAGE_REGION]');
  });

  it.each([
    ['check', 'p.csv', '--as-of', '2019-02-30'],
    ['indicators', 'p.csv', '--as-of', '2019-02-30'],
    ['deid', 'p.csv', '--as-of', '2019-02-30', '--out', 'd.csv'],
    ['synth', '--count', '2', '--as-of', '2019-02-30', '--out', 'x.csv'],
    ['sql', '--as-of', '2019-02-30'],
    ['register', 'snapshot', 'reg', '--as-of', '2019-02-30', '--out', 's.csv'],
  ])('an impossible date is USAGE_DATE: canji %s …', async (...argv) => {
    const r = await canji(dir, ...argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('错误 [USAGE_DATE]：--as-of 应为 YYYY-MM-DD 格式的有效日期（收到“2019-02-30”）');
  });
});

describe('- reads stdin', () => {
  const withStdin = async (input: Buffer | string, ...argv: string[]) => {
    let stdout = '';
    let stderr = '';
    const io: CliIo = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), isTTY: false, cwd: dir, stdin: Readable.from([Buffer.from(input)]) };
    const code = await run(argv, io);
    return { code, stdout, stderr };
  };

  it('canji check - gives the same counts as canji check FILE', async () => {
    const csv = readFileSync(join(dir, 'p.csv'));
    const fromFile = await canji(dir, 'check', 'p.csv', '-q', '--fail-on', 'never', '--out', 'a.json');
    const fromStdin = await withStdin(csv, 'check', '-', '-q', '--fail-on', 'never', '--out', 'b.json');
    expect(fromStdin.code).toBe(fromFile.code);
    const counts = (f: string) => JSON.parse(readFileSync(join(dir, f), 'utf8')).counts;
    expect(counts('b.json')).toEqual(counts('a.json'));
  });

  it('canji indicators - reads stdin through a real pipe', () => {
    const r = sh(`cat '${join(dir, 'p.csv')}' | ${node(['indicators', '-', '--as-of', '2019-06-30', '-q'])}`);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('30 条记录');
  });

  it('an empty stdin is INPUT_EMPTY; a terminal is USAGE_STDIN; no stdin at all is USAGE_STDIN', async () => {
    expect((await withStdin('', 'check', '-', '-q')).stderr).toContain('[INPUT_EMPTY]');
    const tty = Object.assign(Readable.from([]), { isTTY: true });
    let stderr = '';
    const code = await run(['check', '-'], { stdout: () => {}, stderr: (t) => void (stderr += t), isTTY: false, cwd: dir, stdin: tty });
    expect(code).toBe(2);
    expect(stderr).toContain('[USAGE_STDIN]');
    const none = await canji(dir, 'indicators', '-', '--as-of', '2019-06-30');
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('[USAGE_STDIN]');
  });
});

describe('release plumbing', () => {
  const license = readFileSync(join(ROOT, 'LICENSE'), 'utf8');
  const packages = readdirSync(join(ROOT, 'packages')).filter((d) => existsSync(join(ROOT, 'packages', d, 'package.json')));

  it('the root LICENSE is the MIT licence the package.json files name', () => {
    expect(license).toMatch(/^MIT License/);
    expect(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).license).toBe('MIT');
  });

  it.each(packages)('packages/%s: LICENSE shipped, repository with directory, homepage, bugs', (d) => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'packages', d, 'package.json'), 'utf8'));
    expect(pkg.license).toBe('MIT');
    expect(readFileSync(join(ROOT, 'packages', d, 'LICENSE'), 'utf8')).toBe(license);
    expect(pkg.files).toContain('LICENSE');
    expect(pkg.repository).toEqual({ type: 'git', url: expect.stringMatching(/^git\+https:\/\/github\.com\/.+\.git$/), directory: `packages/${d}` });
    expect(pkg.homepage).toMatch(new RegExp(`/packages/${d}#readme$`));
    expect(pkg.bugs.url).toMatch(/\/issues$/);
  });

  it('@changesets/cli is a version that runs on Node 20 (2.x; 3.x needs Node >= 22.11)', () => {
    const root = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(root.devDependencies['@changesets/cli']).toMatch(/^\^?2\./);
  });
});
