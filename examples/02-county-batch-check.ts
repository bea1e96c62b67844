/**
 * Use case: a county disability federation (县残联) checks its whole batch before reporting it up.
 *
 * The county's export (here: 3,000 synthetic persons with labelled errors planted, written as a GBK
 * CSV with Chinese headers, as Excel on Chinese Windows saves it) goes through `canji check` —
 * the same command a data office runs from the terminal — and gives an HTML report for the
 * county leadership and a Markdown one for the ticket. Then we compare what was found with the
 * planted errors' labels.
 */
import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '@canji/cli';
import { injectErrors, synthesizePersons, writePersonsCsv } from '@canji/synth';

const dir = mkdtempSync(join(tmpdir(), 'canji-county-'));
const persons = [...synthesizePersons({ seed: 2019, count: 3000, region: '430121', asOf: '2019-06-30' })];
const { records, labels } = injectErrors(persons, { seed: 7, rate: 0.02 });
await writePersonsCsv(records, join(dir, '长沙县-2019.csv'), { headers: 'label', encoding: 'gbk' });

const code = await run(['check', join(dir, '长沙县-2019.csv'), '--region', '430121', '--level', 'township', '--as-of', '2019-06-30', '--out', join(dir, '校验报告.html'), '--out', join(dir, 'report.json'), '--quiet']);
console.log(`canji check 退出码 ${code}（0 无问题，1 发现问题，2 用法或输入错误）`);

const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
const flagged = new Set<number>();
for (const list of Object.values(report.examples) as { index: number }[][]) for (const e of list) flagged.add(e.index);
console.log(`注入错误 ${labels.length} 处；报告：有错误 ${report.counts.withErrors} 条，仅有警告 ${report.counts.warningsOnly} 条`);
const byKind = new Map<string, number>();
for (const l of labels) byKind.set(l.kind, (byKind.get(l.kind) ?? 0) + 1);
console.log('注入的错误类型：', Object.fromEntries(byKind));
console.log(`HTML 报告：${join(dir, '校验报告.html')}`);
