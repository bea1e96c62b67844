/** The rule set of `canji check`, shared by the main thread and the check workers. */
import { PERSON_FORM_VERSIONS, personForm, type FormDefinition } from '@canji/form';
import { batchRules, compileRules, consistencyRules, crossCheckRules, formRules, parseRuleFile, type CompiledRuleSet, type Rule, type RuleFile } from '@canji/rules';
import type { RowError } from './sources.js';

/** The definition of a person form version (`--form`, already checked). */
export function formDefinition(form: string): FormDefinition {
  const v = PERSON_FORM_VERSIONS.find((x) => x === form);
  if (!v) throw new Error(`unknown person form version ${form}`);
  return personForm(v);
}

/** The built-in rules: form, consistency and batch rules, and the cross-check rules when departments are given. */
export function builtInRules(form: string, withDepartments: boolean): Rule[] {
  return [...formRules(form), ...consistencyRules(form), ...batchRules(), ...(withDepartments ? crossCheckRules(form) : [])];
}

/**
 * The built-in rules and the rules of the given rule files (`--rules`, as validated data: the
 * worker threads rebuild exactly the same rules from it), compiled. A file's cross-check rules
 * come in only when departments are given, like the built-in ones.
 */
export function checkRuleSet(form: string, withDepartments: boolean, ruleFiles: readonly RuleFile[] = []): CompiledRuleSet {
  const rules = builtInRules(form, withDepartments);
  for (const file of ruleFiles) {
    const r = parseRuleFile(file, { form: formDefinition(form) });
    // The main thread checked the file before it got here.
    if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
    rules.push(...r.value.rules.filter((x) => withDepartments || x.scope !== 'cross-check'));
  }
  return compileRules(rules, { formVersion: form });
}

/** A rejected row as the checker's unreadable item: `第 12 行（列“R13”）：…`. */
export function unreadableRow(rowNumber: number, error: RowError): { ok: false; error: { code: string; message: string } } {
  return { ok: false, error: { code: error.code, message: `第 ${rowNumber} 行${error.column ? `（列“${error.column}”）` : ''}：${error.message}` } };
}
