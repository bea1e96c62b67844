/**
 * The collector section of the 数据校验报告: computed by the CLI from the batch (a collector who
 * copies answers is flagged, nobody else is), carried on the report, printed in the HTML and
 * Markdown reports and kept in the JSON; a report without it renders as before.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { itemClasses } from '@canji/audits';
import { checkFile, writeReport } from '@canji/cli';
import { flatColumns, toFlatRow } from '@canji/form';
import { renderReportHtml, renderReportMarkdown } from '@canji/rules';
import { synthesizePersons, writeCsv } from '@canji/synth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectorSection, withCollectorSection } from '../src/collector-section.js';
import { removeTempDirs, tempDir } from './helpers.js';

type Rec = Record<string, unknown>;
let dir: string;
const batch: Rec[] = [...synthesizePersons({ seed: 8, count: 1200, region: '430121' })] as Rec[];
// 抄录者 copies one record's answers into 40 records (identity kept).
const copied = itemClasses('2017').filter((i) => i.section !== 'identity').map((i) => i.key);
const model = batch[0]!;
for (let i = 100; i < 140; i++) {
  const r = batch[i]!;
  for (const k of copied) r[k] = model[k];
  r.collector = '抄录者';
  r.collected_on = '2019-07-20';
}

const MACHINE = flatColumns({ version: '2017', headers: 'machine' });
const write = (path: string, records: Rec[], keys = MACHINE) => writeCsv(records, path, { columns: keys.map((key) => ({ key, header: key })), toRow: (r) => toFlatRow(r, { version: '2017' }) });

beforeAll(async () => {
  dir = tempDir();
  await write(join(dir, 'batch.csv'), batch);
  await write(join(dir, 'nocollector.csv'), batch.slice(0, 50), MACHINE.filter((k) => k !== 'collector'));
});
afterAll(removeTempDirs);

describe('collectorSection', () => {
  it('flags the copying collector and nobody else', () => {
    const s = collectorSection(batch)!;
    expect(s.id).toBe('collectors');
    const names = s.rows.map((r) => r[0]);
    expect(s.flagged!.map((i) => names[i])).toEqual(['抄录者']);
    expect(s.rows[s.flagged![0]!]!.at(-1)).toContain('与上一条记录答案完全相同的比例');
    expect(s.columns).toHaveLength(s.rows[0]!.length);
    // A short table keeps every flagged collector and says how many rows it leaves out.
    const short = collectorSection(batch, { maxRows: 1 })!;
    expect(short.rows.map((r) => r[0])).toEqual(['抄录者']);
    const total = Number(/共 (\d+) 名信息采集员/.exec(short.paragraphs![0]!)![1]);
    expect(short.paragraphs!.join('')).toContain(`共 1 行；其余 ${total - 1} 行无异常提示，未列出`);
    expect(s.rows.length).toBe(Math.min(40, total));
  });

  it('is absent when no record names a collector', () => {
    expect(collectorSection(batch.slice(0, 20).map(({ collector: _c, ...r }) => r))).toBeUndefined();
  });
});

describe('withCollectorSection and the report', () => {
  it('prints the section in HTML and Markdown and keeps it in JSON; without it the report is as before', async () => {
    // checkFile (and so canji check) adds the section itself when the batch names collectors.
    const { report: shown } = await checkFile(join(dir, 'batch.csv'), { region: '430121', asOf: '2019-06-30' });
    const { extraSections: _sections, ...report } = shown as typeof shown & { extraSections?: unknown };
    expect((_sections as { id: string }[])[0]!.id).toBe('collectors');
    const io = { stdout: () => {}, stderr: () => {}, isTTY: false, cwd: dir };
    expect(await withCollectorSection(io, join(dir, 'batch.csv'), report, { formVersion: '2017' })).toEqual(shown);
    expect(renderReportHtml(report)).toBe(renderReportHtml({ ...report, extraSections: [] }));
    expect(renderReportHtml(report)).not.toContain('信息采集员情况');
    expect(renderReportMarkdown(report)).toBe(renderReportMarkdown({ ...report, extraSections: [] }));
    await writeReport(shown, join(dir, '报告.html'));
    await writeReport(shown, join(dir, '报告.md'));
    await writeReport(shown, join(dir, '报告.json'));
    const html = readFileSync(join(dir, '报告.html'), 'utf8');
    expect(html).toContain('<h2>八、信息采集员情况</h2>');
    expect(html).toMatch(/<tr class="warning"><td>抄录者<\/td>/);
    expect(html.indexOf('八、信息采集员情况')).toBeLessThan(html.indexOf('审核签字'));
    expect(readFileSync(join(dir, '报告.md'), 'utf8')).toMatch(/## 八、信息采集员情况[\s\S]*\| 抄录者 \|/);
    const json = JSON.parse(readFileSync(join(dir, '报告.json'), 'utf8'));
    expect(json.extraSections[0].id).toBe('collectors');
    expect(JSON.stringify(json.extraSections)).not.toMatch(/\d{17}[\dX]/);
  });

  it('leaves the report unchanged when the file has no collector column', async () => {
    const { report } = await checkFile(join(dir, 'nocollector.csv'), { region: '430121', asOf: '2019-06-30' });
    const io = { stdout: () => {}, stderr: () => {}, isTTY: false, cwd: dir };
    expect(await withCollectorSection(io, join(dir, 'nocollector.csv'), report)).toBe(report);
  });
});

describe('the section from the check’s own pass', () => {
  it('equals the section a second read of the batch gives, also with cells that cannot be read', async () => {
    // Unreadable cells (a code with text, a date that is no date) in some records of the copier and others.
    const messy = batch.map((r) => ({ ...r }));
    const path = join(dir, 'messy.csv');
    await write(path, messy);
    const lines = readFileSync(path, 'utf8').split('\n');
    const header = lines[0]!.split(',');
    const r3 = header.indexOf('r3');
    const when = header.indexOf('collected_on');
    for (const n of [5, 101, 102, 300, 301]) {
      const cells = lines[n]!.split(',');
      cells[r3] = '农业户口X';
      cells[when] = '2019-13-45';
      lines[n] = cells.join(',');
    }
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path, lines.join('\n'));
    // In the check's own pass (one thread), and on the collector thread (a second core: the default here).
    const { report } = await checkFile(path, { asOf: '2019-06-30', collectorThread: false });
    const threaded = await checkFile(path, { asOf: '2019-06-30', collectorThread: true });
    type WithSections = { extraSections?: { id: string }[] };
    const one = (report as WithSections).extraSections?.find((s) => s.id === 'collectors');
    expect(one).toBeDefined();
    const io = { stdout: () => {}, stderr: () => {}, isTTY: false, cwd: dir };
    const two = ((await withCollectorSection(io, path, { ...report, extraSections: [] } as typeof report)) as WithSections).extraSections?.find((s) => s.id === 'collectors');
    expect(one).toEqual(two);
    expect((threaded.report as WithSections).extraSections?.find((s) => s.id === 'collectors')).toEqual(one);
    const { meta: _m1, ...rest1 } = report;
    const { meta: _m2, ...rest2 } = threaded.report;
    expect(rest2).toEqual(rest1);
    expect(report.counts.withErrors).toBeGreaterThan(0);
  });
});

describe('the collector thread', () => {
  it('says in the section why the figures are missing when its thread stops (the file gone under it)', async () => {
    const { startCollectorThread } = await import('../src/collector-thread.js');
    const { withCollectorOutcome } = await import('../src/collector-section.js');
    const thread = startCollectorThread(join(dir, 'no-such-file.csv'), {}, { force: true });
    const { availableParallelism } = await import('node:os');
    if (availableParallelism() < 2) return expect(thread).toBeUndefined(); // one core: the check computes the figures in its own pass
    expect(thread).toBeDefined();
    if (!thread) return;
    const outcome = await thread.outcome();
    expect(outcome.kind).toBe('failed');
    const io = { stdout: () => {}, stderr: () => {}, isTTY: false, cwd: dir };
    const shown = withCollectorOutcome(io, { extraSections: [] } as never, outcome) as { extraSections?: { id: string; paragraphs: string[] }[] };
    expect(shown.extraSections?.[0]?.paragraphs[0]).toMatch(/^未能计算采集员情况：/);
  });

  it('is not started for a small batch unless asked (it would take longer to start than the figures)', async () => {
    const { startCollectorThread, COLLECTOR_THREAD_MIN_BYTES } = await import('../src/collector-thread.js');
    const { statSync } = await import('node:fs');
    const path = join(dir, 'messy.csv');
    expect(statSync(path).size).toBeLessThan(COLLECTOR_THREAD_MIN_BYTES);
    expect(startCollectorThread(path)).toBeUndefined();
    const forced = startCollectorThread(path, {}, { force: true });
    const { availableParallelism } = await import('node:os');
    if (availableParallelism() >= 2) expect(forced).toBeDefined();
    await forced?.stop();
  });
});
