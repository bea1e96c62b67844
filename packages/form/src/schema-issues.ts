/**
 * zh-CN messages for data checked against canji's zod schemas (rule files, form extensions,
 * de-identification policies), each saying where (a JSON path such as `$.rules[0].when.all[1]`)
 * and what.
 */
import type { z } from 'zod';

/** One problem found in a document: where (JSON path and its parts) and what (zh-CN). */
export interface SchemaIssue {
  /** `$.rules[0].when.all[1].item` */
  readonly jsonPath: string;
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/** The result of {@link parseSchemaData}. */
export type SchemaParseResult<T> = { ok: true; value: T } | { ok: false; issues: SchemaIssue[] };

type Issue = z.core.$ZodIssue;
type Key = string | number;

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * A path as JSON path text: `$`, then `.key` for identifier keys, `["键"]` for other keys and
 * `[0]` for indexes.
 *
 * @example
 * ```ts
 * jsonPath(['rules', 0, 'when', 'all', 1]); //=> '$.rules[0].when.all[1]'
 * jsonPath(['fields', 'r16-2']); //=> '$.fields["r16-2"]'
 * ```
 */
export function jsonPath(path: readonly Key[], root = '$'): string {
  let out = root;
  for (const k of path) {
    if (typeof k === 'number') out += `[${k}]`;
    else if (IDENT.test(k)) out += `.${k}`;
    else out += `[${JSON.stringify(k)}]`;
  }
  return out;
}

const TYPE_ZH: Record<string, string> = {
  string: '字符串',
  number: '数字',
  int: '整数',
  boolean: 'true 或 false',
  object: '对象 {…}',
  array: '数组 […]',
  null: 'null',
  undefined: '未给出',
  bigint: '整数',
  nan: 'NaN',
};

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number' && Number.isNaN(v)) return 'nan';
  return typeof v;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

const show = (v: unknown): string => (typeof v === 'string' ? `“${v}”` : JSON.stringify(v) ?? String(v));

/**
 * Of a union's branches, the one the input was meant to be: no unknown key, no missing key and no
 * wrong type at the union's own level (fewest issues among those). `undefined` when no branch fits
 * the shape. Branch issues' paths are relative to the union, which is at `at`.
 */
function intendedBranch(issue: Extract<Issue, { code: 'invalid_union' }>, input: unknown, at: readonly PropertyKey[]): Issue[] | undefined {
  let best: Issue[] | undefined;
  for (const branch of issue.errors) {
    const misfit = branch.some(
      (i) =>
        ((i.code === 'unrecognized_keys' || i.code === 'invalid_type' || i.code === 'invalid_value') && i.path.length === 0) ||
        (i.path.length === 1 && valueAt(input, [...at, ...i.path]) === undefined),
    );
    if (misfit) continue;
    if (!best || branch.length < best.length) best = branch;
  }
  return best;
}

function messageOf(issue: Issue, input: unknown, path: readonly PropertyKey[]): string {
  // A required key that is not there, whatever its schema would say about a wrong value.
  if (path.length && issue.code !== 'unrecognized_keys') {
    const parent = valueAt(input, path.slice(0, -1));
    if (parent !== null && typeof parent === 'object' && !Array.isArray(parent) && !(path[path.length - 1]! in parent)) return '缺少此项';
  }
  // A message set on the schema itself (zh-CN) wins; the parse passes '' for the rest.
  if (issue.message) return issue.message;
  const at = valueAt(input, path);
  switch (issue.code) {
    case 'invalid_type':
      if (at === undefined) return '缺少此项';
      return `应为${TYPE_ZH[issue.expected] ?? issue.expected}，收到${TYPE_ZH[typeOf(at)] ?? typeOf(at)} ${show(at)}`;
    case 'invalid_value':
      return issue.values.length === 1 ? `应为 ${show(issue.values[0])}，收到 ${show(at)}` : `应为 ${issue.values.map(show).join('、')} 之一，收到 ${show(at)}`;
    case 'unrecognized_keys':
      return `不认识的键 ${issue.keys.map((k) => `“${k}”`).join('、')}（键名区分大小写；可用的键见 JSON Schema）`;
    case 'too_small':
      if (issue.origin === 'array') return `至少应有 ${String(issue.minimum)} 项`;
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? '不能为空' : `至少应有 ${String(issue.minimum)} 个字符`;
      return `应${issue.inclusive ? '≥' : '>'} ${String(issue.minimum)}`;
    case 'too_big':
      if (issue.origin === 'array') return `最多 ${String(issue.maximum)} 项`;
      if (issue.origin === 'string') return `最多 ${String(issue.maximum)} 个字符`;
      return `应${issue.inclusive ? '≤' : '<'} ${String(issue.maximum)}`;
    case 'invalid_format':
      return issue.format === 'regex' ? `格式不对：应符合 ${String((issue as { pattern?: unknown }).pattern)}` : `格式不对（${issue.format}）`;
    case 'not_multiple_of':
      return `应为 ${String(issue.divisor)} 的倍数`;
    case 'invalid_key':
      return '键名无效';
    case 'invalid_element':
      return '含无效的值';
    case 'invalid_union':
      return '不符合任何一种允许的写法';
    default:
      return '无效';
  }
}

/** Issues at `prefix` (their paths are relative to it), flattened into `out`. */
function collect(issues: readonly Issue[], input: unknown, prefix: readonly PropertyKey[], root: string, out: SchemaIssue[]): void {
  // An object with an unknown key usually lacks what the key was meant to be ("eqq" for "eq"):
  // the unknown key says it; a refinement failing at the same place would only repeat it.
  const unknownAt = new Set(issues.filter((i) => i.code === 'unrecognized_keys').map((i) => jsonPath([...prefix, ...i.path].filter((k): k is Key => typeof k !== 'symbol'))));
  for (const issue of issues) {
    const abs = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length) {
      const branch = intendedBranch(issue, input, abs);
      if (branch) {
        collect(branch, input, abs, root, out);
        continue;
      }
    }
    const path = abs.filter((k): k is Key => typeof k !== 'symbol');
    if (issue.code === 'custom' && unknownAt.has(jsonPath(path))) continue;
    out.push({ path, jsonPath: jsonPath(path, root), message: messageOf(issue, input, abs) });
  }
}

/**
 * Checks data (a parsed JSON document) against a zod schema and returns the value, or every
 * problem with its JSON path and a zh-CN message. For a union (a condition is one) only the
 * branch the data was meant to be is reported: `{ "item": "r16", "eq": 2, "typo": 1 }` says
 * "unknown key typo", not "does not match any of eleven shapes".
 *
 * @example
 * ```ts
 * const r = parseSchemaData(conditionSchema, { all: [{ item: 'r16', eqq: 2 }] });
 * r.ok; //=> false
 * if (!r.ok) r.issues[0]; //=> { jsonPath: '$.all[0]', message: '不认识的键 “eqq”…', … }
 * ```
 */
export function parseSchemaData<S extends z.ZodType>(schema: S, input: unknown, opts: { root?: string } = {}): SchemaParseResult<z.output<S>> {
  const r = schema.safeParse(input, { error: () => '' });
  if (r.success) return { ok: true, value: r.data };
  const out: SchemaIssue[] = [];
  collect(r.error.issues, input, [], opts.root ?? '$', out);
  return { ok: false, issues: out };
}
