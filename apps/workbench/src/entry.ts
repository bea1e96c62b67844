/**
 * The reference entry page for app vendors: one person form, item by item, built from the form
 * definition (@canji/form) — the pattern a vendor copies into a Vue / React / H5 collection app:
 * 1. render every item once, from `personForm(version).items` (type, code list, label);
 * 2. after every answer, build the record from the fields, fill what the certificate number gives
 *    (category, level, sex, birth date: `parseDisabilityCertificateNo`);
 * 3. show only the items `applicableItems` says apply (skip logic; a hidden item's answer is left
 *    out of the record, and the page says so beside it when it comes back);
 * 4. validate the partial record (`validatePerson(record, { partial: true })`) and put each problem,
 *    in zh-CN, beside its item.
 * See docs/guides/embedding-forms.md for the same in Vue and React.
 */
import { z } from 'zod';
import { applicableItems, personForm, validatePerson, type FormDefinition, type PersonFormVersion } from '@canji/form';
import { parseDisabilityCertificateNo } from '@canji/id';
import { $, el } from './dom.js';

// zod's JIT probe uses `new Function`, which this page's CSP forbids.
z.config({ jitless: true });

type Item = FormDefinition['items'][number];

/** Items filled from the certificate number (read-only on the page). */
const DERIVED = new Set(['sex', 'birth_date', 'disability_category', 'disability_level']);

let form: FormDefinition;
let version: PersonFormVersion = '2021';

function codesOf(item: Item): { code: number; label: string }[] {
  const id = item.codeList ?? (item.type === 'yesno' ? 'yesNo' : undefined);
  return id ? [...(form.codeLists[id]?.entries ?? [])] as { code: number; label: string }[] : [];
}

function fieldOf(item: Item): HTMLElement {
  const row = el('div', { class: 'field', 'data-key': item.key });
  const label = el('label', { class: 'label', for: `f-${item.key}` });
  if (item.code) label.append(el('span', { class: 'code' }, item.code));
  label.append(item.label);
  if (!item.optional && !DERIVED.has(item.key)) label.append(el('span', { class: 'req', title: '必填（适用时）' }, '*'));
  row.append(label);
  let input: HTMLElement;
  const codes = codesOf(item);
  if (item.type === 'multiple') {
    input = el('div', { class: 'options', id: `f-${item.key}`, role: 'group' });
    for (const c of codes) {
      const l = el('label');
      l.append(el('input', { type: 'checkbox', name: item.key, value: String(c.code) }), ` ${c.code} ${c.label}`);
      input.append(l);
    }
  } else if (codes.length) {
    input = el('select', { id: `f-${item.key}`, name: item.key });
    input.append(el('option', { value: '' }, '（请选择）'));
    for (const c of codes) input.append(el('option', { value: String(c.code) }, `${c.code} ${c.label}`));
  } else {
    const type = item.type === 'date' ? 'date' : item.type === 'number' ? 'number' : 'text';
    input = el('input', { id: `f-${item.key}`, name: item.key, type, ...(type === 'text' ? { spellcheck: 'false' } : {}) });
  }
  if (DERIVED.has(item.key)) input.setAttribute('disabled', '');
  row.append(input, el('div', { class: 'msg', 'aria-live': 'polite' }));
  return row;
}

function render(): void {
  form = personForm(version);
  const box = $('fields');
  box.replaceChildren();
  for (const s of form.sections) {
    const items = form.items.filter((i) => i.section === s.id);
    if (!items.length) continue;
    const fs = el('fieldset', { 'data-section': s.id });
    fs.append(el('legend', {}, s.label));
    for (const i of items) fs.append(fieldOf(i));
    box.append(fs);
  }
  update();
}

/** What the clerk has entered, as the record the form validates (codes as numbers). */
function entered(): Record<string, unknown> {
  const r: Record<string, unknown> = {};
  for (const item of form.items) {
    if (DERIVED.has(item.key)) continue;
    if (item.type === 'multiple') {
      const v = [...document.querySelectorAll<HTMLInputElement>(`input[name="${item.key}"]:checked`)].map((x) => Number(x.value));
      if (v.length) r[item.key] = v;
      continue;
    }
    const e = document.querySelector<HTMLInputElement | HTMLSelectElement>(`[name="${item.key}"]`);
    const v = e?.value.trim() ?? '';
    if (v === '') continue;
    r[item.key] = codesOf(item).length || item.type === 'number' ? (Number.isFinite(Number(v)) ? Number(v) : v) : v;
  }
  return r;
}

function setDerived(key: string, value: unknown): void {
  const e = document.querySelector<HTMLInputElement | HTMLSelectElement>(`[name="${key}"]`);
  if (!e) return;
  e.value = value === undefined ? '' : key === 'sex' ? String(value) : String(value);
}

function update(): void {
  const asOf = $<HTMLInputElement>('asOf').value || undefined;
  const record = entered();
  // The certificate number gives category, level, sex and birth date.
  const cert = typeof record.certificate_no === 'string' ? parseDisabilityCertificateNo(record.certificate_no) : undefined;
  const derivedNote = new Map<string, string>();
  if (cert?.ok) {
    const c = cert.value;
    const fill: Record<string, unknown> = { disability_category: c.category, disability_level: c.level, sex: c.residentId.sex, birth_date: c.residentId.birthDate };
    for (const [k, v] of Object.entries(fill)) {
      if (!form.items.some((i) => i.key === k)) continue;
      record[k] = v;
      derivedNote.set(k, `由残疾人证号带出：${k === 'disability_category' ? c.categoryName : k === 'disability_level' ? c.levelName : k === 'sex' ? (v === 'male' ? '男' : '女') : String(v)}`);
    }
    if (record.resident_id === undefined) {
      record.resident_id = c.residentId.id;
      const idInput = document.querySelector<HTMLInputElement>('[name="resident_id"]');
      if (idInput && !idInput.value) derivedNote.set('resident_id', `可由残疾人证号前 18 位带出：${c.residentId.id}`);
    }
  }
  for (const k of DERIVED) setDerived(k, record[k] === 'male' ? 'male' : record[k] === 'female' ? 'female' : record[k]);
  // Skip logic: only the items that apply (or may still apply) are shown; hidden answers are left out.
  const applicability = new Map(applicableItems(record, { form, ...(asOf ? { asOf } : {}), includeUndetermined: true }).map((a) => [a.key, a]));
  const skipped: string[] = [];
  for (const item of form.items) {
    const row = document.querySelector<HTMLElement>(`.field[data-key="${item.key}"]`)!;
    const applies = applicability.has(item.key);
    row.hidden = !applies;
    row.dataset.status = applicability.get(item.key)?.status ?? 'not-applicable';
    if (!applies && record[item.key] !== undefined && !DERIVED.has(item.key)) {
      delete record[item.key];
      skipped.push(item.key);
    }
  }
  for (const fs of document.querySelectorAll<HTMLFieldSetElement>('fieldset')) fs.hidden = [...fs.querySelectorAll<HTMLElement>('.field')].every((f) => f.hidden);
  const result = validatePerson(record, { form, partial: true, ...(asOf ? { asOf } : {}) });
  const byKey = new Map<string, { severity: string; message: string }[]>();
  const keyOf = (p: { path?: readonly (string | number)[]; item?: string }) => String(p.path?.[0] ?? form.items.find((i) => i.code === p.item)?.key ?? '');
  for (const p of result.problems) {
    const k = keyOf(p);
    byKey.set(k, [...(byKey.get(k) ?? []), p]);
  }
  for (const row of document.querySelectorAll<HTMLElement>('.field')) {
    const k = row.dataset.key!;
    const msg = row.querySelector<HTMLElement>('.msg')!;
    msg.replaceChildren();
    const ps = byKey.get(k) ?? [];
    for (const p of ps) msg.append(el('span', { class: p.severity, 'data-code': (p as { code?: string }).code ?? '' }, p.message));
    const note = derivedNote.get(k);
    if (note) msg.append(el('span', { class: 'derived' }, note));
    row.classList.toggle('has-error', ps.some((p) => p.severity === 'error'));
  }
  $('record').textContent = JSON.stringify(record, null, 2);
  const list = $('problems');
  list.replaceChildren(...result.problems.map((p) => el('li', { class: p.severity, 'data-code': p.code }, p.message)));
  const shown = [...applicability.values()];
  $('counts').textContent = `适用 ${shown.filter((a) => a.status === 'applicable').length} 项，待定 ${shown.filter((a) => a.status === 'undetermined').length} 项；错误 ${result.problems.filter((p) => p.severity === 'error').length} 个${skipped.length ? `；按跳转不填的已填项 ${skipped.length} 个未计入记录` : ''}`;
  document.body.dataset.ready = 'true';
}

$('person').addEventListener('input', update);
$('person').addEventListener('change', update);
$('version').addEventListener('change', () => {
  version = $<HTMLSelectElement>('version').value === '2017' ? '2017' : '2021';
  render();
});
$('clear').addEventListener('click', render);
render();
