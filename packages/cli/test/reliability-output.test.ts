/**
 * Nothing half-written, exit codes that mean one thing: output paths are checked before any work,
 * a full disk or an interruption leaves either complete outputs or none (never a file that looks
 * complete), and each such failure is exit code 3 with a zh-CN message — never 1 ("problems found").
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canji, removeTempDirs, tempDir } from './helpers.js';

const ROOT = resolve(__dirname, '../../..');
let dir = '';

beforeAll(async () => {
  dir = tempDir();
  await canji(dir, 'synth', '--count', '1500', '--region', '430121', '--seed', '9', '--errors', '0.03', '--out', 'persons.csv', '-q');
}, 60_000);
afterAll(removeTempDirs);

const leftovers = (d: string) => (existsSync(d) ? readdirSync(d, { recursive: true }).map(String).filter((f) => f.includes('.canji-') && f.endsWith('.tmp')) : []);

describe('output paths checked before any work', () => {
  it('a report under a path whose parent is a file: exit 3, nothing read', async () => {
    writeFileSync(join(dir, 'afile'), 'x');
    const r = await canji(dir, 'check', 'persons.csv', '--out', 'afile/report.html');
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^错误 \[OUTPUT_PATH\]：/);
    expect(r.stderr).not.toContain('读取');
  });
  it('a directory as the output file: exit 3', async () => {
    mkdirSync(join(dir, 'adir.html'));
    const r = await canji(dir, 'check', 'persons.csv', '--out', 'adir.html');
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('OUTPUT_IS_DIRECTORY');
    const r2 = await canji(dir, 'check', 'persons.csv', '--to-fix', 'afile/x.xlsx');
    expect(r2.code).toBe(3);
  });
});

const canMount = process.getuid?.() === 0 && process.platform === 'linux' && spawnSync('mount', ['--version']).status === 0;

describe.skipIf(!canMount)('a full disk (a 64 KiB tmpfs)', () => {
  it('exit 3 with OUTPUT_DISK_FULL, and no output that looks complete', async () => {
    const tiny = join(dir, 'tiny');
    mkdirSync(tiny);
    const m = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', tiny]);
    if (m.status !== 0) return expect.soft(m.stderr.toString(), 'mount tmpfs').toBe(''); // reported, not silently passed
    try {
      const r = await canji(dir, 'check', 'persons.csv', '--out', 'tiny/report.html', '--to-fix', 'tiny/待修改记录.xlsx', '--fail-on', 'never', '-q');
      expect(r.code).toBe(3);
      expect(r.stderr).toContain('OUTPUT_DISK_FULL');
      expect(r.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
      expect(leftovers(tiny)).toEqual([]);
      // Whatever is there is complete: the report ends as HTML does.
      for (const f of readdirSync(tiny)) if (f.endsWith('.html')) expect(readFileSync(join(tiny, f), 'utf8').trimEnd()).toMatch(/<\/html>$/);
    } finally {
      spawnSync('umount', [tiny]);
    }
  }, 60_000);
});

describe('interrupted (SIGINT at random points)', () => {
  it('leaves complete outputs or none, exit 3 with a message', async () => {
    const big = join(dir, 'big.csv');
    await canji(dir, 'synth', '--count', process.env.CANJI_KILL_ROWS ?? '100000', '--region', '430121', '--seed', '2', '--errors', '0.02', '--out', 'big.csv', '-q');
    const codes: (number | null)[] = [];
    const stderrNote = 'exit codes of the interrupted runs';
    const run = async (out: string, delay?: number) => {
      const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'packages/cli/src/bin.ts'), 'check', big, '--out', join(out, 'r.json'), '--out', join(out, 'r.html'), '--to-fix', join(out, 'fix.xlsx'), '--rejects', join(out, 'rej.csv'), '--fail-on', 'never', '-q'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      const timer = delay === undefined ? undefined : setTimeout(() => child.kill('SIGINT'), delay);
      const code = await new Promise<number | null>((res) => child.on('exit', (c) => res(c)));
      clearTimeout(timer);
      return { code, stderr };
    };
    // The signal lands at fractions of an uninterrupted run's time, measured here: the machine's speed
    // (and its load) decides when reading, checking and writing happen.
    const t0 = Date.now();
    expect((await run(join(dir, 'whole'))).code).toBe(0);
    const whole = Date.now() - t0;
    rmSync(join(dir, 'whole'), { recursive: true, force: true });
    const delays = [0.45, 0.6 + Math.random() * 0.15, 0.8 + Math.random() * 0.15].map((f) => Math.round(f * whole));
    for (const [i, delay] of delays.entries()) {
      const out = join(dir, `kill${i}`);
      const { code, stderr } = await run(out, delay);
      codes.push(code);
      expect(leftovers(out)).toEqual([]);
      if (code === 3) expect(stderr).toContain('INTERRUPTED');
      else if (code === null) expect(existsSync(out) ? readdirSync(out) : []).toEqual([]); // killed while Node was still starting
      else expect(code).toBe(0); // finished before the signal
      // Every file present is complete.
      if (existsSync(join(out, 'r.json'))) expect(() => JSON.parse(readFileSync(join(out, 'r.json'), 'utf8'))).not.toThrow();
      if (existsSync(join(out, 'r.html'))) expect(readFileSync(join(out, 'r.html'), 'utf8').trimEnd()).toMatch(/<\/html>$/);
      if (existsSync(join(out, 'fix.xlsx'))) await new ExcelJS.Workbook().xlsx.readFile(join(out, 'fix.xlsx'));
      if (existsSync(join(out, 'rej.csv'))) expect(readFileSync(join(out, 'rej.csv'), 'utf8').startsWith('\uFEFF行号')).toBe(true);
      rmSync(out, { recursive: true, force: true });
    }
    // The test interrupted a run in the middle at least once (not only before start or after the end).
    expect(codes, stderrNote).toContain(3);
  }, 240_000);
});
