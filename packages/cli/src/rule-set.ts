/** The rule set of `canji check`, shared by the main thread and the check workers. */
import { PERSON_FORM_VERSIONS, personForm, type FormDefinition } from '@canji/form';
import { batchRules, compileRules, consistencyRules, createBatchChecker, crossCheckRules, formRules, parseRuleFile, RuleDefinitionError, yearOnYearRules, type BatchChecker, type BatchOptions, type CompiledRuleSet, type Rule, type RuleFile } from '@canji/rules';
import { CliError } from './io.js';
import type { RowError } from './rows.js';

/**
 * What a check's rule set is made of, as plain data: the main thread and every check worker
 * compile the same set from it (the worker gets it in its `init` message).
 */
export interface RuleSetSpec {
  /** Form version of the records. */
  form: string;
  /** Whether department extracts are given (the cross-check rules join the set). */
  withDepartments: boolean;
  /** Whether the previous round is given (`--previous`: the year-on-year rules join the set). */
  withPrevious?: boolean;
  /**
   * Local rule files (`--rules`), as validated JSON data: every thread rebuilds the same rules
   * from it with `parseRuleFile`. A file's cross-check rules come in only with departments.
   */
  ruleFiles?: readonly RuleFile[];
  /**
   * Rules added to the built-in ones (a local office's own, in code). With worker threads they
   * are posted to each worker, so they must be plain data: conditions (`violation`), no `check`
   * or `gate` functions.
   */
  extraRules?: readonly Rule[];
}

/** The definition of a person form version (`--form`, already checked). */
export function formDefinition(form: string): FormDefinition {
  const v = PERSON_FORM_VERSIONS.find((x) => x === form);
  if (!v) throw new Error(`unknown person form version ${form}`);
  return personForm(v);
}

/** The built-in rules: form, consistency and batch rules, the cross-check rules when departments are given, the year-on-year rules when the previous round is. */
export function builtInRules(form: string, withDepartments: boolean, withPrevious = false): Rule[] {
  return [...formRules(form), ...consistencyRules(form), ...batchRules(), ...(withDepartments ? crossCheckRules(form) : []), ...(withPrevious ? yearOnYearRules(form) : [])];
}

/**
 * Form, consistency and batch rules, the cross-check rules when departments are given, the rules
 * of the rule files and the extra rules, compiled for the form version. A malformed extra rule
 * (or one whose id repeats another's) is a {@link CliError} with the rule error's code
 * (`RULE_ID_FORMAT`, `RULE_DUPLICATE_ID` …); a rule file that does not parse, with its first
 * error's code (`RULE_FILE_…`).
 *
 * @example
 * ```ts
 * checkRuleSet({ form: '2017', withDepartments: false }).rules.length > 0; //=> true
 * ```
 */
export function checkRuleSet(spec: RuleSetSpec): CompiledRuleSet {
  const { form, withDepartments, withPrevious = false, ruleFiles = [], extraRules = [] } = spec;
  const rules = builtInRules(form, withDepartments, withPrevious);
  for (const file of ruleFiles) {
    const r = parseRuleFile(file, { form: formDefinition(form) });
    if (!r.ok) throw new CliError(r.errors[0]!.code, r.errors.map((e) => e.message).join('\n'));
    rules.push(...r.value.rules.filter((x) => (withDepartments || x.scope !== 'cross-check') && (withPrevious || x.scope !== 'year-on-year')));
  }
  rules.push(...extraRules);
  try {
    return compileRules(rules, { formVersion: form });
  } catch (e) {
    if (e instanceof RuleDefinitionError) throw new CliError(e.code, `规则定义有误：${e.message}`);
    throw e;
  }
}

/**
 * The batch checker of a check once its form version is known (given, or recognised from the
 * header): the rule set of `spec` compiled for that version, and the version in the context.
 * One thread and the worker pool's main thread both make their checker with it.
 */
export function batchCheckerFor(form: string, spec: RuleSetSpec, options: Omit<BatchOptions, 'rules'>): BatchChecker {
  return createBatchChecker({ ...options, rules: checkRuleSet({ ...spec, form }), context: { ...options.context, formVersion: form } });
}

/** A rejected row as the checker's unreadable item: `第 12 行（列“R13”）：…`. */
export function unreadableRow(rowNumber: number, error: RowError): { ok: false; error: { code: string; message: string } } {
  return { ok: false, error: { code: error.code, message: `第 ${rowNumber} 行${error.column ? `（列“${error.column}”）` : ''}：${error.message}` } };
}
