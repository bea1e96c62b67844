/**
 * Use case: the provincial federation's yearly indicator tables (年度指标表), with targets.
 *
 * One streaming pass over the year's records computes the built-in coverage and need indicators
 * by county and sex; a target set by the plan is attached to the household-visit rate, and
 * every row says whether it is met — and whether that is certain given the 95 % interval.
 * The self-checks confirm that breakdowns add up to the totals. Synthetic data.
 */
import { BUILTIN_PERSON_INDICATORS, computeIndicators, groupValueLabel, withTarget } from '@canji/indicators';
import { getRegion } from '@canji/regions';
import { synthesizePersons } from '@canji/synth';

const asOf = '2019-06-30';
const records = [
  ...synthesizePersons({ seed: 1, count: 2500, region: '430121', asOf }),
  ...synthesizePersons({ seed: 2, count: 1500, region: '430104', asOf }),
];
const indicators = BUILTIN_PERSON_INDICATORS.map((i) =>
  i.id === 'household-visit-rate' ? withTarget(i, { value: 95, comparison: '>=', source: '本省年度工作要点（示例目标）' }) : i,
);
const res = computeIndicators(records, { indicators, by: ['county', 'sex'], asOf });
console.log(`${res.records} 条记录，${res.indicators.length} 个指标，${res.rows.length} 行；自检 ${res.checks.ok ? '通过' : '未通过'}`);
for (const ind of res.indicators.slice(0, 4)) {
  console.log(`\n${ind.name}（${ind.id}）${ind.target ? ` 目标 ${ind.target.comparison} ${ind.target.value}${ind.unit}` : ''}`);
  for (const r of res.rows.filter((x) => x.indicator === ind.id && x.by.length <= 1 && !x.by.includes('sex'))) {
    const group = r.by.length ? groupValueLabel('region', r.group.region ?? null, { regionName: (c) => getRegion(c)?.name }) : '合计';
    const value = r.value === null ? '—' : `${r.value.toFixed(1)}${ind.unit}`;
    const target = r.target ? `  ${r.target.status === 'met' ? '达标' : r.target.status === 'not-met' ? '未达标' : '无数据'}${r.target.certain ? '' : '（区间跨目标）'}` : '';
    console.log(`  ${group.padEnd(10)} ${String(r.numerator).padStart(5)}/${String(r.denominator).padEnd(5)} ${value}${target}`);
  }
}
