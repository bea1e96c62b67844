/**
 * What was done about a listed gap (办理结果), as the clerk fills it in, and the files that carry
 * it from one round to the next: the actions file (`canji services readback … -o actions.json`)
 * and the manifest a work list leaves beside its workbooks (工作清单.json).
 */
import { z } from 'zod';
import { parseJsonText, parseSchemaData } from '@canji/form';

/** The answers of the 办理结果 drop-down, in its order. */
export const ACTION_RESULTS = ['已办理', '不符合条件', '本人不需要', '正在办理', '无法联系', '其他'] as const;
/** One of {@link ACTION_RESULTS}. */
export type ActionResult = (typeof ACTION_RESULTS)[number];
/** The results that close an entry: it is not listed again unless the data change. */
export const CLOSING_RESULTS: readonly ActionResult[] = ['已办理', '不符合条件', '本人不需要'];

/**
 * Whether a result closes the entry (已办理 / 不符合条件 / 本人不需要).
 *
 * @example
 * ```ts
 * isClosingResult('已办理'); //=> true
 * isClosingResult('无法联系'); //=> false
 * ```
 */
export function isClosingResult(r: ActionResult): boolean {
  return CLOSING_RESULTS.includes(r);
}

/** The result of reading one 办理结果 cell. */
export type ActionResultParse =
  | { ok: true; value: ActionResult | undefined; normalized: boolean }
  | { ok: false; error: { code: 'WORKLIST_INVALID_RESULT'; message: string } };

const squash = (t: string): string => t.normalize('NFKC').replace(/[\s\u3000]+/g, '').replace(/^'/, '').replace(/[。．.，,；;！!、]+$/u, '');

/** Variants as clerks type them, by the answer they mean. */
const VARIANTS: readonly [RegExp, ActionResult][] = [
  [/^(已办|已办理|办结|已办结|已完成|完成|已落实|已解决|已享受|已发放|已入学|已安排|已提供)$/u, '已办理'],
  [/^(不符合|不符合条件|条件不符|不符|不够条件|不具备条件)$/u, '不符合条件'],
  [/^(不需要|本人不需要|无需求|无需要|本人拒绝|拒绝|家属不需要|本人放弃|放弃)$/u, '本人不需要'],
  [/^(办理中|正在办理|在办|在办理|处理中|正在处理)$/u, '正在办理'],
  [/^(无法联系|联系不上|联系不到|失联|找不到人|找不到本人|无人)$/u, '无法联系'],
  [/^(其他|其它)$/u, '其他'],
];

/**
 * Reads a typed-in 办理结果: blank is "not acted on"; one of {@link ACTION_RESULTS} as written;
 * an obvious variant (`已办`, `联系不上`, full-width spaces, a final 。…) is read as the answer it
 * means with `normalized: true`; anything else is `WORKLIST_INVALID_RESULT`.
 *
 * @example
 * ```ts
 * parseActionResult('已办理'); //=> { ok: true, value: '已办理', normalized: false }
 * parseActionResult(' 联系不上。'); //=> { ok: true, value: '无法联系', normalized: true }
 * parseActionResult('好的').ok; //=> false
 * ```
 */
export function parseActionResult(raw: unknown): ActionResultParse {
  if (raw === undefined || raw === null) return { ok: true, value: undefined, normalized: false };
  if (typeof raw !== 'string' && typeof raw !== 'number') {
    return { ok: false, error: { code: 'WORKLIST_INVALID_RESULT', message: `办理结果无法读取：应为 ${ACTION_RESULTS.join('、')} 之一` } };
  }
  const text = String(raw);
  if (text.trim() === '') return { ok: true, value: undefined, normalized: text !== '' };
  if ((ACTION_RESULTS as readonly string[]).includes(text)) return { ok: true, value: text as ActionResult, normalized: false };
  const s = squash(text);
  for (const [re, v] of VARIANTS) if (re.test(s)) return { ok: true, value: v, normalized: true };
  return { ok: false, error: { code: 'WORKLIST_INVALID_RESULT', message: `办理结果“${text}”不是可选的结果：应为 ${ACTION_RESULTS.join('、')} 之一（请从下拉列表中选择）` } };
}

const text = z.string().min(1);

/** One action on one entry, as read back from a returned list. */
export const serviceActionSchema = z.strictObject({
  /** 编号 of the entry. */
  entryId: text,
  pairId: text,
  /** The township (9 digits) or village (12) the list was for. */
  unit: z.string(),
  result: z.enum(ACTION_RESULTS),
  /** 采取的措施 as written (may name persons: the file is personal data). */
  measure: z.string().optional(),
  /** 办理日期 `YYYY-MM-DD`. */
  date: z.string().optional(),
  /** The entry's fingerprint when it was listed: a later round relists a closed entry whose fingerprint differs. */
  fingerprint: text,
  /** The batch the list was made from. */
  batch: z.string().optional(),
  /** Where it was read: file, sheet, row. */
  source: z.strictObject({ file: z.string(), sheet: z.string().optional(), row: z.number().int() }).optional(),
});
/** One action on one entry. */
export type ServiceAction = z.infer<typeof serviceActionSchema>;

/** The actions file: every action read back so far, oldest first (history carried from the lists' manifests). */
export const actionsFileSchema = z.strictObject({
  format: z.literal('canji-service-actions'),
  version: z.literal(1),
  actions: z.array(serviceActionSchema),
});
/** The actions file as data. */
export type ActionsFile = z.infer<typeof actionsFileSchema>;

/** One entry of a work list's manifest. */
export const manifestEntrySchema = z.strictObject({
  entryId: text,
  pairId: text,
  unit: z.string(),
  file: z.string(),
  fingerprint: text,
});

/** The manifest a work list leaves beside its workbooks: what each 编号 is, and the history it carries. */
export const worklistManifestSchema = z.strictObject({
  format: z.literal('canji-service-worklist'),
  version: z.literal(1),
  batch: z.string(),
  formVersion: z.string(),
  by: z.enum(['township', 'village']),
  pairs: z.array(z.strictObject({ id: text, title: text, provisional: z.boolean() })),
  files: z.array(z.strictObject({ file: z.string(), unit: z.string(), entries: z.number().int() })),
  entries: z.array(manifestEntrySchema),
  /** Every action of earlier rounds (read with `--previous-actions`): a read-back carries them forward, so a need that comes back keeps its history. */
  history: z.array(serviceActionSchema),
});
/** A work list's manifest as data. */
export type WorklistManifest = z.infer<typeof worklistManifestSchema>;

/** Stable codes of {@link parseActionsFile} and {@link parseWorklistManifest}. */
export type ServiceFileErrorCode = 'ACTIONS_FILE_JSON' | 'ACTIONS_FILE_SCHEMA' | 'WORKLIST_MANIFEST_JSON' | 'WORKLIST_MANIFEST_SCHEMA';

/** What the readers of actions files and work-list manifests return: the value, or the error (stable code, zh-CN message). */
export type ServiceFileResult<T> = { ok: true; value: T } | { ok: false; error: { code: ServiceFileErrorCode; message: string } };

function parseWith<T>(schema: z.ZodType<T>, input: unknown, codes: [ServiceFileErrorCode, ServiceFileErrorCode], what: string): ServiceFileResult<T> {
  let data = input;
  if (typeof input === 'string') {
    const j = parseJsonText(input);
    if (!j.ok) return { ok: false, error: { code: codes[0], message: `${what}不是有效的 JSON（${j.reason}）` } };
    data = j.value;
  }
  const r = parseSchemaData(schema, data);
  if (r.ok) return { ok: true, value: r.value };
  const i = r.issues[0];
  return { ok: false, error: { code: codes[1], message: `${what}的格式不对：${i ? `${i.jsonPath}：${i.message}` : ''}` } };
}

/**
 * Reads an actions file (JSON text or value); never throws.
 *
 * @example
 * ```ts
 * parseActionsFile('{"format":"canji-service-actions","version":1,"actions":[]}'); //=> { ok: true, value: { …, actions: [] } }
 * parseActionsFile('{').ok; //=> false (ACTIONS_FILE_JSON)
 * ```
 */
export function parseActionsFile(input: unknown): ServiceFileResult<ActionsFile> {
  return parseWith(actionsFileSchema, input, ['ACTIONS_FILE_JSON', 'ACTIONS_FILE_SCHEMA'], '办理记录文件');
}

/**
 * Reads a work list's manifest (工作清单.json); never throws.
 *
 * @example
 * ```ts
 * const m = parseWorklistManifest(readFileSync('清单/工作清单.json', 'utf8'));
 * if (m.ok) m.value.entries.length;
 * ```
 */
export function parseWorklistManifest(input: unknown): ServiceFileResult<WorklistManifest> {
  return parseWith(worklistManifestSchema, input, ['WORKLIST_MANIFEST_JSON', 'WORKLIST_MANIFEST_SCHEMA'], '工作清单说明文件');
}
