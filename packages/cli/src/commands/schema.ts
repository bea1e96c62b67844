/**
 * `canji schema`: the person form's record structure — the JSON Schema contract (`toJSONSchema` of
 * `@canji/form`: required items, skip logic, option rules, ID and certificate patterns, code lists
 * with labels; `--partial` for entry time) for non-TypeScript systems, or a Markdown data
 * dictionary (数据字典) for people.
 */
import { writeFile } from 'node:fs/promises';
import { personForm, toJSONSchema, type PersonFormVersion } from '@canji/form';
import { parseFormOption } from '../form-version.js';
import { EXIT, pathIn, type CliIo, type ExitCode } from '../io.js';
import { checkOutputPath, writeOutput } from '../output-file.js';

const TYPE_ZH = { single: '单选', multiple: '多选', yesno: '是/否', number: '数值', text: '文本', date: '日期' } as const;

/** The data dictionary of a form version as Markdown: one row per column, then the code lists. */
export function dataDictionary(version: PersonFormVersion): string {
  const form = personForm(version);
  const out = [`# ${form.title} 数据字典`, '', `登记表版本 ${form.version}${form.provisional ? '（部分内容为重建，未经官方文本确认）' : ''}。列名即 CSV 机器列名与记录的键。`, ''];
  out.push('| 列名 | 题号 | 名称 | 类型 | 代码表 |', '|---|---|---|---|---|');
  for (const it of form.items) out.push(`| \`${it.key}\` | ${it.code} | ${it.label} | ${TYPE_ZH[it.type]} | ${it.codeList ?? ''} |`);
  out.push('', '## 代码表', '');
  for (const [id, list] of Object.entries(form.codeLists)) {
    out.push(`### ${id} ${list.title}${list.provisional ? '（待核实）' : ''}`, '');
    out.push(list.entries.map((e) => `${e.code} ${e.label ?? '（名称未知）'}`).join('；') || '（代码未公布）', '');
  }
  return out.join('\n') + '\n';
}

export async function runSchema(io: CliIo, o: { form: string; format: 'json-schema' | 'markdown'; partial?: boolean; out?: string }): Promise<ExitCode> {
  const version = parseFormOption(o.form) ?? '2017';
  const text = o.format === 'markdown' ? dataDictionary(version) : JSON.stringify(toJSONSchema(version, { partial: o.partial === true }), null, 2) + '\n';
  // `--out -` is stdout, as without --out.
  if (o.out && o.out !== '-') {
    const path = pathIn(io, o.out);
    checkOutputPath(path);
    await writeOutput(path, (tmp) => writeFile(tmp, text));
    io.stderr(`已写入 ${o.out}\n`);
  } else io.stdout(text);
  return EXIT.OK;
}
