// The documented recipe for a page with a strict CSP (no 'unsafe-eval'): tell zod not to probe
// `new Function` before anything is parsed — `z.config({ jitless: true })`. With `?probe` the page
// leaves zod's default, to show the violation the recipe avoids.
import { z } from 'zod';
import { extendForm, personForm, personRecordSchema, validatePerson } from '@canji/form';

if (!new URLSearchParams(location.search).has('probe')) z.config({ jitless: true });
const status = document.getElementById('status')!;
// A local extension is read with zod (its schema), a record is validated by the compiled form.
const ext = extendForm(personForm('2017'), { id: 'csp', region: '430121', approvedBy: '长沙县残联', approvalNo: '长残〔2026〕1号', items: [] } as never);
// The form's zod record schema (an object schema: zod's fast path is where it would probe eval).
status.dataset.zod = String(personRecordSchema('2017').safeParse({ r3: 1, r22: [1, 3] }).success);
const v = validatePerson({ person_status: 6, r3: 9 }, { partial: true, asOf: '2019-07-01' });
status.dataset.ext = String(ext.ok);
status.dataset.codes = v.problems.map((p) => p.code).join(',');
status.textContent = 'done';
