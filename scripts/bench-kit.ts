/**
 * Shared benchmark harness: runs canji and the libraries a user would otherwise pick in the same
 * process with tinybench, prints ns/op and ratios, and writes a Markdown section that
 * `scripts/bench.mjs` gathers into `docs/benchmarks.md`.
 *
 * Usage inside a package's `bench/*.bench.ts`:
 * ```ts
 * const section = await compare('isResidentId on 10^6 numbers', [
 *   { name: 'canji isResidentId', canji: true, fn: () => { ... } },
 *   { name: 'validator.js isIdentityCard', fn: () => { ... } },
 * ], { opsPerCall: 1e6 });
 * report('id', [section]);
 * ```
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Bench } from 'tinybench';

export interface BenchCase {
  name: string;
  /** Marks canji's own implementation; ratios are given relative to the first canji case. */
  canji?: boolean;
  fn: () => unknown | Promise<unknown>;
  /** Runs before every iteration, untimed (e.g. fresh inputs, fresh instances). */
  beforeEach?: () => void | Promise<void>;
}

export interface CompareOptions {
  /** Operations a single call performs (e.g. 10^6 numbers per call), so ns/op is per item. */
  opsPerCall?: number;
  /** Minimum time per case in ms (default 1500). */
  time?: number;
  /** Minimum iterations per case (default 5). */
  iterations?: number;
  notes?: string[];
}

export interface Row {
  name: string;
  canji: boolean;
  nsPerOp: number;
  opsPerSec: number;
  samples: number;
  rme: number;
}

export function fmt(n: number, digits = 1): string {
  if (!Number.isFinite(n)) return String(n);
  if (Math.abs(n) >= 1e6) return n.toExponential(2);
  return n.toLocaleString('en-US', { maximumFractionDigits: digits });
}

export async function compare(title: string, cases: BenchCase[], opts: CompareOptions = {}): Promise<string> {
  const per = opts.opsPerCall ?? 1;
  const bench = new Bench({ time: opts.time ?? 1500, iterations: opts.iterations ?? 5, warmup: true, warmupIterations: 2 });
  for (const c of cases) {
    bench.add(c.name, c.fn, c.beforeEach ? { beforeEach: c.beforeEach } : undefined);
  }
  await bench.run();
  const rows: Row[] = bench.tasks.map((t, i) => {
    const r = t.result as unknown as { latency?: { mean: number; rme: number; samplesCount?: number }; period?: number; rme?: number; samples?: number[] };
    const meanMs = r.latency?.mean ?? r.period ?? NaN;
    const nsPerOp = (meanMs * 1e6) / per;
    return {
      name: t.name,
      canji: Boolean(cases[i]?.canji),
      nsPerOp,
      opsPerSec: 1e9 / nsPerOp,
      samples: r.latency?.samplesCount ?? r.samples?.length ?? 0,
      rme: r.latency?.rme ?? r.rme ?? NaN,
    };
  });
  return table(title, rows, opts.notes);
}

/** Formats rows measured elsewhere (e.g. one long streaming run) as a section. */
export function table(title: string, rows: Row[], notes: string[] = []): string {
  const base = rows.find((r) => r.canji) ?? rows[0]!;
  const lines = [
    `### ${title}`,
    '',
    '| case | ns/op | ops/s | vs canji | ±% | samples |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const r of rows) {
    const ratio = r.nsPerOp / base.nsPerOp;
    const rel = r === base ? '1 (baseline)' : r.canji ? `${fmt(ratio, 2)}×` : ratio >= 1 ? `canji ${fmt(ratio, 2)}× faster` : `canji ${fmt(1 / ratio, 2)}× slower`;
    lines.push(`| ${r.name} | ${fmt(r.nsPerOp)} | ${fmt(r.opsPerSec, 0)} | ${rel} | ${fmt(r.rme, 2)} | ${r.samples} |`);
  }
  if (notes.length) lines.push('', ...notes.map((n) => `- ${n}`));
  lines.push('');
  const text = lines.join('\n');
  console.log(text);
  return text;
}

/** Writes a package's benchmark sections where scripts/bench.mjs gathers them. */
export function report(pkg: string, sections: string[]): void {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const out = resolve(root, 'docs/benchmarks', `${pkg}.md`);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `## @canji/${pkg}\n\n${sections.join('\n')}\n`);
}

/** Peak-ish heap: forces GC when run with --expose-gc, then reads heapUsed in MB. */
export function heapMB(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

/** What {@link measureInChild} measured of one case's process. */
export interface ProcessMeasure {
  engine: string;
  /** User + system CPU time of the whole process (every thread), ms. */
  cpuMs: number;
  wallMs: number;
  /** Peak resident memory of the process (`maxRSS`), MB. */
  rssMB: number;
}

/** The case this process is to run (`--engine=NAME`), when it is a case's child process. */
export function childEngine(): string | undefined {
  return process.argv.find((a) => a.startsWith('--engine='))?.slice('--engine='.length);
}

/** In a case's child process: runs the case and prints its result with the process's CPU time, wall time and peak RSS. */
export async function reportFromChild(engine: string, run: () => Promise<object>): Promise<void> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await run();
  const c = process.cpuUsage(c0);
  const out: ProcessMeasure = { engine, ...result, cpuMs: (c.user + c.system) / 1000, wallMs: performance.now() - t0, rssMB: process.resourceUsage().maxRSS / 1024 };
  process.stdout.write(`RESULT ${JSON.stringify(out)}\n`);
}

/**
 * Runs one case of a bench file in its own process (`node --import tsx FILE --engine=NAME`), so that
 * its CPU time and peak memory are its own, and returns what {@link reportFromChild} printed there.
 */
export function measureInChild<T extends object>(file: string, engine: string, cwd: string): T & ProcessMeasure {
  const out = execFileSync(process.execPath, ['--max-old-space-size=8192', '--import', 'tsx', file, `--engine=${engine}`], { encoding: 'utf8', cwd, stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 26 });
  const line = out.split('\n').find((l) => l.startsWith('RESULT '));
  if (!line) throw new Error(`no result from ${engine}:\n${out}`);
  return JSON.parse(line.slice(7)) as T & ProcessMeasure;
}
