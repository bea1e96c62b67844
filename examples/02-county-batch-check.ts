/**
 * Use case: a county disability federation (县残联) checks its whole batch before reporting it up.
 *
 * The county's export (here: 3,000 synthetic persons with labelled errors planted, written as a GBK
 * CSV with Chinese headers, as Excel on Chinese Windows saves it) goes through `checkFile` — the
 * main job of `canji check` as a library call, which a data office's own script or service runs
 * the same way — and gives an HTML report for the county leadership and a Markdown one for the
 * ticket. Then we compare what was found with the planted errors' labels.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkFile, CliError, writeReport } from '@canji/cli';
import { injectErrors, synthesizePersons, writePersonsCsv } from '@canji/synth';

const dir = mkdtempSync(join(tmpdir(), 'canji-county-'));
const persons = [...synthesizePersons({ seed: 2019, count: 3000, region: '430121', asOf: '2019-06-30' })];
const { records, labels } = injectErrors(persons, { seed: 7, rate: 0.02 });
await writePersonsCsv(records, join(dir, '长沙县-2019.csv'), { headers: 'label', encoding: 'gbk' });

const { report, rows } = await checkFile(join(dir, '长沙县-2019.csv'), {
  region: '430121',
  regionLevel: 'township',
  asOf: '2019-06-30',
  onNotice: (text) => process.stdout.write(text),
});
console.log(`读取 ${rows.read} 行 = 处理 ${rows.processed} 行 + 拒收 ${rows.rejected} 行`);
await writeReport(report, join(dir, '校验报告.html'));
await writeReport(report, join(dir, '校验报告.md'));

console.log(`注入错误 ${labels.length} 处；报告：有错误 ${report.counts.withErrors} 条，仅有警告 ${report.counts.warningsOnly} 条`);
const byKind = new Map<string, number>();
for (const l of labels) byKind.set(l.kind, (byKind.get(l.kind) ?? 0) + 1);
console.log('注入的错误类型：', Object.fromEntries(byKind));
for (const t of report.regions.slice(0, 5)) console.log(`  ${t.name ?? t.code}：${t.read} 条，错误率 ${(t.errorRate * 100).toFixed(1)}%`);
console.log(`HTML 报告：${join(dir, '校验报告.html')}`);

// A file that is not the form's is a typed error with a stable code, not a crash.
try {
  await checkFile(join(dir, 'missing.csv'));
} catch (e) {
  if (!(e instanceof CliError)) throw e;
  console.log(`找不到文件时：${e.code}`); //=> INPUT_NOT_FOUND
}
