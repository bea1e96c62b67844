/**
 * The check's Web Worker: the clerk's files go into an in-memory file system (`shims/memfs.ts`) and
 * the CLI's own commands run on them — `canji check` (report, records to fix, department lists,
 * round lists), `canji indicators`, `canji verify` — exactly as on the command line, with their
 * notices and progress posted to the page. Nothing is sent anywhere: the page's Content-Security-
 * Policy forbids every network connection, and the files stay in this worker's memory until the
 * clerk downloads them or closes the page.
 */
import { z } from 'zod';
import { runCheck, type CheckOptions } from '../../../packages/cli/src/commands/check.js';
import { runIndicators } from '../../../packages/cli/src/commands/indicators.js';
import { runVerify } from '../../../packages/cli/src/commands/verify.js';
import { CliError, type CliIo } from '../../../packages/cli/src/io.js';
import { eachCsvRecord } from '../../../packages/cli/src/csv-chunk.js';
import { memfs } from './shims/memfs.js';
import type { CheckRequest, FromWorker, OutputFile, ToWorker, VerifyRequest } from './protocol.js';

// zod's JIT probe uses `new Function`, which the page's CSP forbids: turn it off before any schema runs.
z.config({ jitless: true });

const post = (m: FromWorker, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(m, transfer);

/** Where the run's inputs and outputs live in the worker's memory. */
const IN = '/in';
const OUT = '/out';
const OUTPUT_NAMES = {
  reportHtml: '校验报告.html',
  reportXlsx: '校验报告.xlsx',
  reportMd: '校验报告.md',
  toFix: '待修改记录.xlsx',
  departmentLists: '部门核实清单',
  roundLists: '轮次比对清单',
  indicators: '指标表.csv',
  verified: '核实结果',
} as const;

function io(): CliIo {
  return {
    stdout: (text) => post({ type: 'notice', text }),
    stderr: (text) => post({ type: 'notice', text }),
    isTTY: false,
    cwd: IN,
  };
}

/**
 * A dropped file's place in the input folder: one folder per role (`batch/`, `education/` …) so that
 * the file keeps its own name — the report names it, and its extension tells the format.
 */
function inputName(role: string, f: File): string {
  const base = f.name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_') || 'file';
  return `${role}/${base}`;
}

async function put(prefix: string, f: File): Promise<string> {
  const name = inputName(prefix, f);
  memfs.put(`${IN}/${name}`, new Uint8Array(await f.arrayBuffer()));
  return name;
}

function outputs(under: string): OutputFile[] {
  return memfs.under(under).map((p) => {
    const b = memfs.get(p)!;
    const copy = new Uint8Array(b.byteLength);
    copy.set(b);
    return { path: p.slice(OUT.length + 1), bytes: copy.buffer };
  });
}

function captured(): { io: CliIo; json: () => Record<string, unknown> } {
  let lastJson = '';
  const base = io();
  return {
    io: { ...base, stdout: (t) => void (t.trimStart().startsWith('{') ? (lastJson = t) : base.stdout(t)) },
    json: () => (lastJson ? (JSON.parse(lastJson) as Record<string, unknown>) : {}),
  };
}

async function check(req: CheckRequest): Promise<void> {
  const started = performance.now();
  memfs.clear();
  const batch = await put('batch', req.batch);
  const dept: string[] = [];
  for (const [d, f] of Object.entries(req.departments)) dept.push(`${d}=${await put(d, f)}`);
  const previous = req.previous ? await put('previous', req.previous) : undefined;
  const roster = req.roster ? await put('roster', req.roster) : undefined;
  const o: CheckOptions = {
    dept,
    out: [`${OUT}/${OUTPUT_NAMES.reportHtml}`, `${OUT}/${OUTPUT_NAMES.reportXlsx}`, `${OUT}/${OUTPUT_NAMES.reportMd}`],
    toFix: `${OUT}/${OUTPUT_NAMES.toFix}`,
    ...(dept.length ? { discrepancies: `${OUT}/${OUTPUT_NAMES.departmentLists}` } : {}),
    ...(previous || roster ? { roundLists: `${OUT}/${OUTPUT_NAMES.roundLists}` } : {}),
    ...(previous ? { previous } : {}),
    ...(roster ? { roster } : {}),
    ...(req.form ? { form: req.form } : {}),
    ...(req.region ? { region: req.region } : {}),
    ...(req.asOf ? { asOf: req.asOf } : {}),
    ...(req.title ? { title: req.title } : {}),
    ...(req.sheet ? { sheet: req.sheet } : {}),
    ...(req.fullIds ? { fullIds: true } : {}),
    level: req.level,
    failOn: 'error',
    quiet: true,
    workers: 1,
    json: true,
  };
  const run = captured();
  const exitCode = await runCheck(withProgress(run.io), batch, o);
  const summary = run.json();
  if (req.indicators) {
    const ind = captured();
    await runIndicators(ind.io, batch, {
      asOf: req.asOf ?? '',
      by: req.level === 'township' ? 'township' : 'county',
      target: [],
      out: `${OUT}/${OUTPUT_NAMES.indicators}`,
      quiet: true,
      json: true,
      ...(req.form ? { form: req.form } : {}),
      ...(req.sheet ? { sheet: req.sheet } : {}),
      ...(dept.length ? { dept } : {}),
    } as Parameters<typeof runIndicators>[2]);
  }
  const html = new TextDecoder().decode(memfs.read(`${OUT}/${OUTPUT_NAMES.reportHtml}`));
  const fix = fixTable();
  const files = outputs(OUT);
  post(
    { type: 'checked', exitCode, summary, reportHtml: html, files, fixTable: fix.rows, townships: fix.townships, ms: Math.round(performance.now() - started) },
    files.map((f) => f.bytes),
  );
}

/** The progress `canji check` shows on a terminal, posted to the page instead (at most ~10 a second). */
function withProgress(base: CliIo): CliIo {
  let last = 0;
  return {
    ...base,
    progress: (p) => {
      const t = performance.now();
      if (!p.done && t - last < 100) return;
      last = t;
      post({ type: 'progress', ...p });
    },
  };
}

/** The records-to-fix list as rows of its CSV (what the page's township filter works on). */
function fixTable(): { rows: string[][]; townships: [string, string][] } {
  const csv = memfs.get(`${OUT}/${OUTPUT_NAMES.toFix.replace(/\.xlsx$/, '.csv')}`);
  if (!csv) return { rows: [], townships: [] };
  const rows: string[][] = [];
  eachCsvRecord(new TextDecoder().decode(csv).replace(/^\uFEFF/, ''), ',', 1, (it) => void ('cells' in it && rows.push(it.cells)));
  const col = rows[0]?.indexOf('乡镇（街道）') ?? -1;
  const towns = new Map<string, string>();
  for (const r of rows.slice(1)) if (col >= 0 && r[col]) towns.set(r[col]!, r[col]!);
  return { rows, townships: [...towns.entries()].sort((a, b) => a[0].localeCompare(b[0], 'zh-CN')) };
}

async function verify(req: VerifyRequest): Promise<void> {
  const manifest = `${OUT}/${OUTPUT_NAMES.departmentLists}/清单.json`;
  const names: string[] = [];
  memfs.remove(`${OUT}/${OUTPUT_NAMES.verified}`);
  for (const f of req.files) {
    // A 清单.json dropped with the lists (a page opened again) stands in for the one this page wrote.
    if (f.name === '清单.json') memfs.put(manifest, new Uint8Array(await f.arrayBuffer()));
    else names.push(await put('returned', f));
  }
  if (!memfs.has(manifest)) throw new CliError('WORKBENCH_NO_MANIFEST', '没有清单说明（清单.json）：请先在本页完成一次带部门数据的校验，或把部门清单文件夹中的 清单.json 一并拖入');
  const run = captured();
  let log = '';
  const logIo: CliIo = { ...run.io, stderr: (t) => { log += t; run.io.stderr(t); } };
  const exitCode = await runVerify(logIo, names, { manifest, out: `${OUT}/${OUTPUT_NAMES.verified}`, json: true });
  const files = outputs(`${OUT}/${OUTPUT_NAMES.verified}`);
  post({ type: 'verified', exitCode, summary: run.json(), files, log }, files.map((f) => f.bytes));
}

self.onmessage = async (e: MessageEvent<ToWorker>) => {
  try {
    if (e.data.type === 'check') await check(e.data);
    else await verify(e.data);
  } catch (err) {
    const code = err instanceof CliError ? err.code : ((err as { code?: string })?.code ?? 'INTERNAL');
    post({ type: 'error', code: String(code), message: (err as Error)?.message ?? String(err) });
  }
};

