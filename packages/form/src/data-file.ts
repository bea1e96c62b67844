/**
 * The one reader of canji's JSON data files (rule files, service pair files, actions files …): the
 * JSON text parsed with a zh-CN reason and the line and column of a syntax error, the format version
 * checked, then the document checked against its zod schema with {@link parseSchemaData}. Each kind of
 * file keeps its own codes (`RULE_FILE_JSON`, `PAIR_FILE_VERSION` …): the reader is given the prefix.
 */
import type { z } from 'zod';
import { parseSchemaData } from './schema-issues.js';

/** Why a JSON text does not parse, in zh-CN: where (line and column), or that it ends too early. */
export type JsonTextResult = { ok: true; value: unknown } | { ok: false; reason: string };

/**
 * Parses JSON text (a byte-order mark at the start is skipped) and, on a syntax error, says where in
 * zh-CN — never the engine's English message.
 *
 * @example
 * ```ts
 * parseJsonText('{\n  "a": 1,\n}'); //=> { ok: false, reason: '第 3 行第 1 列附近格式有误' }
 * parseJsonText('{"a": ');          //=> { ok: false, reason: '内容不完整（在第 1 行第 7 列结束）' }
 * ```
 */
export function parseJsonText(text: string): JsonTextResult {
  const t = text.replace(/^\uFEFF/, '');
  try {
    return { ok: true, value: JSON.parse(t) };
  } catch (e) {
    const message = (e as Error).message;
    const at = (offset: number) => {
      const before = t.slice(0, offset);
      const line = before.split('\n').length;
      return `第 ${line} 行第 ${before.length - before.lastIndexOf('\n')} 列`;
    };
    if (/end of JSON input|Unterminated string/i.test(message) && !/position \d+/.test(message)) return { ok: false, reason: `内容不完整（在${at(t.length)}结束）` };
    const pos = /position (\d+)/.exec(message);
    if (pos) return { ok: false, reason: `${at(Number(pos[1]))}附近格式有误` };
    const lc = /line (\d+) column (\d+)/.exec(message);
    if (lc) return { ok: false, reason: `第 ${lc[1]} 行第 ${lc[2]} 列附近格式有误` };
    return { ok: false, reason: '格式有误' };
  }
}

/** One problem of a data file: stable code, JSON path, zh-CN message (the path first). */
export interface DataFileError<C extends string = string> {
  code: C;
  path: string;
  message: string;
}

/** What {@link readDataFile} is told: the code prefix, what the file is called, the versions it reads. */
export interface ReadDataFileOptions<P extends string> {
  /** The codes' prefix: `RULE_FILE` gives `RULE_FILE_JSON`, `RULE_FILE_VERSION`, `RULE_FILE_SCHEMA`. */
  code: P;
  /** What the file is called in messages: `规则文件`, `配对文件`. */
  what: string;
  /** The format versions this canji reads (default `[1]`); a file without `version` is read as the latest. */
  versions?: readonly number[];
}

/**
 * Reads a data file (JSON text or the parsed value): JSON (`<code>_JSON`, with line and column),
 * format version (`<code>_VERSION`), schema (`<code>_SCHEMA`, one error per problem with its JSON
 * path). Never throws.
 *
 * @example
 * ```ts
 * const r = readDataFile('{"version": 2, "rules": []}', ruleFileSchema, { code: 'RULE_FILE', what: '规则文件' });
 * !r.ok && r.errors[0]; //=> { code: 'RULE_FILE_VERSION', path: '$.version', message: '$.version：规则文件格式版本 2 不受支持：此版本的 canji 只读 version 1' }
 * ```
 */
export function readDataFile<S extends z.ZodType, P extends string>(
  input: string | unknown,
  schema: S,
  o: ReadDataFileOptions<P>,
): { ok: true; value: z.output<S> } | { ok: false; errors: DataFileError<`${P}_JSON` | `${P}_VERSION` | `${P}_SCHEMA`>[] } {
  let data: unknown = input;
  if (typeof input === 'string') {
    const j = parseJsonText(input);
    if (!j.ok) return { ok: false, errors: [{ code: `${o.code}_JSON`, path: '$', message: `$：不是有效的 JSON（${j.reason}）` }] };
    data = j.value;
  }
  const versions = o.versions ?? [1];
  if (data !== null && typeof data === 'object' && 'version' in data && typeof data.version === 'number' && !versions.includes(data.version)) {
    return { ok: false, errors: [{ code: `${o.code}_VERSION`, path: '$.version', message: `$.version：${o.what}格式版本 ${data.version} 不受支持：此版本的 canji 只读 ${versions.map((v) => `version ${v}`).join('、')}` }] };
  }
  const parsed = parseSchemaData(schema, data);
  if (!parsed.ok) return { ok: false, errors: parsed.issues.map((i) => ({ code: `${o.code}_SCHEMA` as const, path: i.jsonPath, message: `${i.jsonPath}：${i.message}` })) };
  return { ok: true, value: parsed.value };
}
