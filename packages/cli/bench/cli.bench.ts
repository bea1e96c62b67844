/**
 * `canji check` end to end on a synthetic county-style CSV (machine headers, UTF-8): read, decode,
 * header mapping, `fromFlatRow`, every form/consistency/batch rule, the report — rows per second
 * and peak resident memory (sampled every 50 ms, worker threads included) with one thread and
 * with two (`--workers 2`: one worker reads, the main thread checks). A csv-parse pass over the
 * same file (reading only, what any CSV tool must do) is the floor.
 *
 * Size: CANJI_BENCH_ROWS (default 1,500,000). The file is generated once with @canji/synth and
 * cached in the OS temp directory.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse';
import { run } from '@canji/cli';
import { synthesizePersons, writePersonsCsv } from '@canji/synth';
import { report, table, type Row } from '../../../scripts/bench-kit.js';

const N = Number(process.env.CANJI_BENCH_ROWS ?? 1_500_000);
const file = join(tmpdir(), `canji-bench-persons-${N}.csv`);
if (!existsSync(file)) {
  const t = performance.now();
  await writePersonsCsv(synthesizePersons({ seed: 1, count: N, region: '430121' }), file);
  console.log(`generated ${N} rows in ${((performance.now() - t) / 1000).toFixed(0)} s → ${file}`);
}
const mb = statSync(file).size / 2 ** 20;

async function measure(name: string, fn: () => Promise<void>, canji: boolean): Promise<Row & { peakMB: number; seconds: number; cpuSeconds: number }> {
  (globalThis as { gc?: () => void }).gc?.();
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const cpu0 = process.cpuUsage();
  const t = performance.now();
  await fn();
  const ms = performance.now() - t;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  const nsPerOp = (ms * 1e6) / N;
  // CPU time of the process (all threads): on a shared, overloaded machine wall time stretches, CPU time much less.
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  console.log(`${name}: ${(ms / 1000).toFixed(1)} s wall, ${cpuSeconds.toFixed(1)} s CPU, ${Math.round(N / (ms / 1000))} rows/s, peak RSS ${(peak / 2 ** 20).toFixed(0)} MB`);
  return { name, canji, nsPerOp, opsPerSec: 1e9 / nsPerOp, samples: 1, rme: NaN, peakMB: peak / 2 ** 20, seconds: ms / 1000, cpuSeconds };
}

const io = { stdout: () => {}, stderr: (t: string) => void (t.startsWith('错误') && process.stderr.write(t)), isTTY: false, cwd: process.cwd() };
const rows = [
  await measure('canji check (1 thread)', async () => void (await run(['check', file, '-q', '--fail-on', 'never'], io)), true),
  await measure('canji check --workers 2', async () => void (await run(['check', file, '-q', '--fail-on', 'never', '--workers', '2'], io)), true),
  await measure('csv-parse only (reading, no checks)', async () => {
    let n = 0;
    for await (const _ of createReadStream(file).pipe(parse())) n++;
    if (n !== N + 1) throw new Error(`csv-parse read ${n} records`);
  }, false),
];
const notes = [
  `${N.toLocaleString('en-US')} synthetic rows, ${mb.toFixed(0)} MiB of CSV; ns/op and ops/s are per row, one run each (end to end, not sampled).`,
  `CPU time (all threads of the process) and rows per CPU-second, which the machine's load stretches much less than wall time: ${rows.map((r) => `${r.name} ${r.cpuSeconds.toFixed(0)} s, ${Math.round(N / r.cpuSeconds).toLocaleString('en-US')} rows/CPU-s`).join('; ')}.`,
  `Peak resident memory: ${rows.map((r) => `${r.name} ${r.peakMB.toFixed(0)} MB`).join('; ')} (process RSS, worker threads included; includes the benchmark process's own baseline).`,
  'Goals (issue 9): ≥ 50,000 rows/s with one thread, < 1 GB peak. The machine is shared (2 cores, other engineers building and testing at the same time): figures are lower and noisier than on an idle machine.',
];
report('cli', [table(`canji check end to end on ${N.toLocaleString('en-US')} rows`, rows, notes)]);
