/**
 * A small collection-app page: validates a partial 2017 record as it is being filled in and
 * lists the items to ask next. Driven by ../browser.test.ts in headless Chromium.
 */
import { applicableItems, validatePerson } from '@canji/form';
import { makeDisabilityCertificateNo, makeResidentId } from '@canji/id';

const residentId = makeResidentId({ regionCode: '110105', birthDate: '1980-05-06', sex: 'male', sequence: 11 });
const record = {
  region_code: '110105001001',
  survey_year: 2019,
  reference_date: '2019-07-01',
  person_status: 6,
  collection_mode: 1,
  name: '测试甲',
  resident_id: residentId,
  certificate_no: makeDisabilityCertificateNo({ residentId, category: 5, level: 2 }),
  r3: 1,
  r7: 2,
  r8: 1, // not asked of 农业 households: reported as FORM_NOT_APPLICABLE
  r22: [1, 4], // 4 未参加 is exclusive: FORM_EXCLUSIVE
};

const result = validatePerson(record, { partial: true });
const next = applicableItems(record, { includeUndetermined: false }).filter((i) => !i.answered);

const problems = document.getElementById('problems')!;
for (const p of result.problems) {
  const li = document.createElement('li');
  li.dataset.code = p.code;
  li.textContent = `${p.code} ${p.message}`;
  problems.append(li);
}
const list = document.getElementById('applicable')!;
for (const i of next) {
  const li = document.createElement('li');
  li.dataset.key = i.key;
  li.textContent = `${i.code || i.key} ${i.label}`;
  list.append(li);
}
const status = document.getElementById('status')!;
status.dataset.ok = String(result.ok);
status.textContent = `done: ${result.problems.length} problems, ${next.length} items to ask`;
