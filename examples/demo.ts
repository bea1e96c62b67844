/**
 * Main job (for now): parse a handful of example numbers and print what canji makes of them.
 * Every number here is a published example (GB 11643-1999's own example, sample numbers from
 * other projects' docs) or a deliberately broken copy of one — none belongs to a known person.
 */
import { parseDisabilityCertificateNo, parseResidentId } from '@canji/id';

const asOf = '2024-06-30';
const samples = [
  '11010519491231002X', // GB 11643-1999 example
  '１１０１０５１９４９１２３１００２ｘ', // the same, typed full-width with a lower-case x
  '110105491231002', // legacy 15-digit form of it
  '110105194912310021', // wrong check character
  '4.30104E+17', // what a spreadsheet shows for an 18-digit number stored as a number
  '810000199408230021', // 港澳居民居住证 sample number
];
console.log(`参考日期 ${asOf}`);
for (const s of samples) {
  const r = parseResidentId(s, { asOf });
  if (r.ok) {
    const changes = r.changes.map((c) => c.code).join(',') || '-';
    console.log(`✔ ${s} → ${r.value.id} ${r.value.kind} 出生 ${r.value.birthDate} ${r.value.sex === 'male' ? '男' : '女'} 规范化: ${changes}`);
  } else {
    console.log(`✘ ${s} → ${r.error.code}: ${r.error.message}`);
  }
}
for (const s of ['11010519491231002X42', '11010519491231002X42B1', '11010519491231002X82']) {
  const r = parseDisabilityCertificateNo(s, { asOf });
  console.log(r.ok ? `✔ ${s} → ${r.value.categoryName} ${r.value.levelName}${r.value.reissue ? ` 补发${r.value.reissue}` : ''}` : `✘ ${s} → ${r.error.code}: ${r.error.message}`);
}
