import { personForm } from './forms/index.js';
import type { CodeList, FormDefinition, ItemDef, PersonFormVersion } from './types.js';

/**
 * The annotation keywords `toJSONSchema` adds (all `x-` prefixed). JSON Schema validators ignore
 * unknown keywords, except Ajv in its default strict mode, which refuses to compile the schema:
 * declare them once with `ajv.addVocabulary(FORM_SCHEMA_KEYWORDS)` (or pass `strict: false`).
 *
 * @example
 * import Ajv2020 from 'ajv/dist/2020';
 * const ajv = new Ajv2020();
 * ajv.addVocabulary([...FORM_SCHEMA_KEYWORDS]);
 * const validate = ajv.compile(toJSONSchema('2017'));
 * validate({ r3: 1 }) //=> true
 */
export const FORM_SCHEMA_KEYWORDS = [
  'x-form-kind',
  'x-form-version',
  'x-provisional',
  'x-code-list',
  'x-item-code',
  'x-section',
  'x-answer-type',
  'x-identifier',
  'x-exclusive',
  'x-asked-when',
  'x-required-when',
  'x-optional',
] as const;

/** A JSON Schema (draft 2020-12) document, as a plain object. */
export type JSONSchemaObject = Record<string, unknown>;

function codeSchema(list: CodeList | undefined): JSONSchemaObject {
  if (!list || list.open) {
    return { type: 'integer', minimum: 1, maximum: list?.openMax ?? 99, ...(list ? { 'x-code-list': list.id, 'x-provisional': true, description: `${list.title}：官方代码未找到` } : {}) };
  }
  return {
    type: 'integer',
    'x-code-list': list.id,
    ...(list.provisional ? { 'x-provisional': true } : {}),
    oneOf: list.entries.map((e) => ({ const: e.code, ...(e.label !== null ? { title: e.label } : { title: `代码 ${e.code}（官方名称未知）` }), ...(e.provisional || e.label === null ? { 'x-provisional': true } : {}) })),
  };
}

function itemSchema(def: ItemDef, form: FormDefinition): JSONSchemaObject {
  const list = def.codeList ? form.codeLists[def.codeList] : undefined;
  const meta: JSONSchemaObject = {
    title: def.code ? `${def.code} ${def.label}` : def.label,
    ...(def.note ? { description: def.note } : {}),
    'x-item-code': def.code,
    'x-section': def.section,
    'x-answer-type': def.type,
    'x-identifier': def.identifier,
    ...(def.exclusive ? { 'x-exclusive': def.exclusive } : {}),
    ...(def.askedWhen ? { 'x-asked-when': def.askedWhen } : {}),
    ...(def.requiredWhen ? { 'x-required-when': def.requiredWhen } : {}),
    ...(def.optional ? { 'x-optional': true } : {}),
    ...(list?.provisional ? { 'x-provisional': true } : {}),
  };
  switch (def.type) {
    case 'single':
    case 'yesno':
      return { ...codeSchema(list), ...meta };
    case 'multiple':
      return { type: 'array', items: codeSchema(list), minItems: 1, uniqueItems: true, ...meta };
    case 'number':
      return { type: 'number', ...(def.min !== undefined ? { minimum: def.min } : {}), ...(def.max !== undefined ? { maximum: def.max } : {}), ...meta };
    case 'date':
      return { type: 'string', format: 'date', ...meta };
    case 'text':
      if (def.key === 'sex') return { type: 'string', enum: ['male', 'female'], ...meta };
      return { type: 'string', ...(def.maxLength !== undefined ? { maxLength: def.maxLength } : {}), ...(def.pattern !== undefined ? { pattern: def.pattern } : {}), ...meta };
    default:
      return def.type satisfies never;
  }
}

/**
 * The JSON Schema (draft 2020-12) of a form's record, with zh-CN titles for every item and every
 * code (`oneOf: [{ const: 1, title: '农业' }, …]`) and the form metadata as `x-` keywords (item
 * code, section, answer type, identifier class, exclusive options, who answers), for clients that
 * do not use TypeScript. It describes shape and codes; skip logic is in `x-asked-when` as data.
 *
 * @example
 * const schema = toJSONSchema('2017');
 * schema.properties.r3.oneOf //=> [{ const: 1, title: '农业' }, { const: 2, title: '非农业' }]
 */
export function toJSONSchema(versionOrForm: PersonFormVersion | FormDefinition = '2017'): JSONSchemaObject & { properties: Record<string, JSONSchemaObject> } {
  const form = typeof versionOrForm === 'string' ? personForm(versionOrForm) : versionOrForm;
  const properties: Record<string, JSONSchemaObject> = {};
  const ext: Record<string, Record<string, JSONSchemaObject>> = {};
  for (const def of form.items) {
    const parts = def.key.split('.');
    if (parts.length === 3) (ext[parts[1]!] ??= {})[parts[2]!] = itemSchema(def, form);
    else properties[def.key] = itemSchema(def, form);
  }
  if (Object.keys(ext).length > 0) {
    properties.ext = {
      type: 'object',
      title: '地方扩展',
      additionalProperties: false,
      properties: Object.fromEntries(
        Object.entries(ext).map(([id, props]) => {
          const info = form.extensions.find((e) => e.id === id);
          return [id, { type: 'object', title: info ? `${info.region}（${info.approvedBy} ${info.approvalNo}）` : id, additionalProperties: false, properties: props }];
        }),
      ),
    };
  }
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: form.title,
    ...(form.note ? { description: form.note } : {}),
    type: 'object',
    additionalProperties: false,
    'x-form-kind': form.kind,
    'x-form-version': form.version,
    ...(form.provisional ? { 'x-provisional': true } : {}),
    properties,
  };
}
