/** The rule set of `canji check`, shared by the main thread and the check workers. */
import { batchRules, compileRules, consistencyRules, crossCheckRules, formRules, RuleDefinitionError, type CompiledRuleSet, type Rule } from '@canji/rules';
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
  /**
   * Rules added to the built-in ones (a local office's own, e.g. read from a rule file). With
   * worker threads they are posted to each worker, so they must be plain data: conditions
   * (`violation`), no `check` or `gate` functions.
   */
  extraRules?: readonly Rule[];
}

/**
 * Form, consistency and batch rules, the cross-check rules when departments are given, and the
 * extra rules. A malformed extra rule (or one whose id repeats another's) is a {@link CliError}
 * with the rule error's code (`RULE_ID_FORMAT`, `RULE_DUPLICATE_ID` …).
 *
 * @example
 * ```ts
 * checkRuleSet({ form: '2017', withDepartments: false }).rules.length > 0; //=> true
 * ```
 */
export function checkRuleSet(spec: RuleSetSpec): CompiledRuleSet {
  const { form, withDepartments, extraRules = [] } = spec;
  try {
    return compileRules([...formRules(form), ...consistencyRules(form), ...batchRules(), ...(withDepartments ? crossCheckRules(form) : []), ...extraRules]);
  } catch (e) {
    if (e instanceof RuleDefinitionError) throw new CliError(e.code, `规则定义有误：${e.message}`);
    throw e;
  }
}

/** A rejected row as the checker's unreadable item: `第 12 行（列“R13”）：…`. */
export function unreadableRow(rowNumber: number, error: RowError): { ok: false; error: { code: string; message: string } } {
  return { ok: false, error: { code: error.code, message: `第 ${rowNumber} 行${error.column ? `（列“${error.column}”）` : ''}：${error.message}` } };
}
