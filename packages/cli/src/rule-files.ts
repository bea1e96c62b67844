/**
 * `canji check --rules FILE`: local rule files (JSON, `docs/schemas/rule-file.schema.json`) read
 * with `@canji/rules`' `parseRuleFile` and added to the built-in rules. What is passed on (to the
 * rule set and to the worker threads) is the validated JSON data, never functions.
 */
import { readFile } from 'node:fs/promises';
import { DEPARTMENT_NAMES } from '@canji/form';
import { parseRuleFile, type DepartmentId, type RuleFile } from '@canji/rules';
import { CliError, pathIn, type CliIo } from './io.js';
import { formDefinition } from './rule-set.js';

/** A rule file as loaded: where it came from and its data. */
export interface LoadedRuleFileData {
  path: string;
  file: RuleFile;
}

const SHOWN_ERRORS = 20;

/**
 * Reads and checks the rule files against the form and the ids of `builtInIds` (and of each
 * other). A file that cannot be read or is invalid is a usage error (exit code 2) whose message
 * lists the problems with their JSON paths.
 */
export async function loadRuleFiles(io: CliIo, paths: readonly string[], form: string, builtInIds: Iterable<string>): Promise<LoadedRuleFileData[]> {
  const taken = new Set(builtInIds);
  const out: LoadedRuleFileData[] = [];
  for (const path of paths) {
    let text: string;
    try {
      text = await readFile(pathIn(io, path), 'utf8');
    } catch {
      throw new CliError('INPUT_NOT_FOUND', `找不到规则文件“${path}”`);
    }
    const r = parseRuleFile(text, { form: formDefinition(form), takenIds: taken });
    if (!r.ok) {
      const lines = r.errors.slice(0, SHOWN_ERRORS).map((e) => `  ${e.message}`);
      if (r.errors.length > SHOWN_ERRORS) lines.push(`  …另有 ${r.errors.length - SHOWN_ERRORS} 处`);
      throw new CliError(r.errors[0]!.code, `规则文件“${path}”有 ${r.errors.length} 处错误：\n${lines.join('\n')}`);
    }
    for (const rule of r.value.rules) taken.add(rule.id);
    out.push({ path, file: r.value.file });
    const byScope = { record: 0, 'cross-check': 0, 'year-on-year': 0 };
    for (const rule of r.value.file.rules) byScope[rule.scope]++;
    const yoy = byScope['year-on-year'] ? `，年度比对规则 ${byScope['year-on-year']} 条` : '';
    io.stderr(`规则文件 ${path}：${r.value.name}，${r.value.rules.length} 条规则（记录规则 ${byScope.record} 条，部门比对规则 ${byScope['cross-check']} 条${yoy}）\n`);
  }
  return out;
}

/** Notices for the files' cross-check rules whose department's data was not given, and year-on-year rules without a previous round. */
export function ruleFileNotices(io: CliIo, files: readonly LoadedRuleFileData[], departments: ReadonlySet<DepartmentId>, previous = false): void {
  for (const { path, file } of files) {
    for (const rule of file.rules) {
      if (rule.scope === 'year-on-year' && !previous) io.stderr(`提示：规则文件 ${path} 的 ${rule.id} 是年度比对规则，要有上一轮数据（--previous 文件），本次未运行\n`);
      if (rule.scope === 'cross-check' && !departments.has(rule.department)) {
        io.stderr(`提示：规则文件 ${path} 的 ${rule.id} 要与${DEPARTMENT_NAMES[rule.department]}比对（--dept ${rule.department}=文件），本次未运行\n`);
      }
    }
  }
}
