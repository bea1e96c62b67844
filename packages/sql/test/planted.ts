/**
 * The batches the SQL tests share: synthetic persons with planted errors and the seven department
 * extracts with planted disagreements (2017: the departments' raw rows read back as a clerk loads
 * them; 2021: the normalised records), and the copy of the DuckDB engine's tables into PostgreSQL.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { DEPARTMENT_IDS, parseExtractRow, type PersonFormVersion } from '@canji/form';
import type { DepartmentId, PersonRecord } from '@canji/rules';
import { injectErrors, injectErrorsAs2021, synthesizeDepartmentExtracts, synthesizePersons } from '@canji/synth';
import type { PostgresCluster } from '../../../scripts/pg-cluster.js';
import { DuckDbEngine, defaultDepartmentTable } from '../src/index.js';

export interface PlantedBatch {
  version: PersonFormVersion;
  records: PersonRecord[];
  extracts: Record<DepartmentId, Readonly<Record<string, unknown>>[]>;
  referenceDate: string;
}

/** `count` persons of the `version` form with errors planted at `rate` (seeds `seed`, `seed + 1`, `seed + 2`), and their seven extracts. */
export function plantedBatch(version: '2017' | '2021', count: number, seed: number, rate = 0.15): PlantedBatch {
  const referenceDate = version === '2017' ? '2019-06-30' : '2021-06-30';
  const out = {} as PlantedBatch['extracts'];
  if (version === '2017') {
    const persons = [...synthesizePersons({ seed, count, asOf: referenceDate })];
    const { records, labels } = injectErrors(persons, { seed: seed + 1, rate });
    const { extracts } = synthesizeDepartmentExtracts(persons, { seed: seed + 2, agreement: 0.85, errors: labels });
    // The extracts as a clerk would load them: the departments' raw rows (15-digit IDs, 是/否, labels) read back.
    for (const d of DEPARTMENT_IDS) out[d] = extracts[d].rows.map((row) => parseExtractRow(d, row).record as Record<string, unknown>);
    return { version, records, extracts: out, referenceDate };
  }
  const truth = synthesizePersons({ seed, count, asOf: referenceDate });
  const injected = injectErrorsAs2021(truth, synthesizePersons({ seed, count, asOf: referenceDate, version: '2021' }), { seed: seed + 1, rate });
  const records = [...injected.records];
  const { extracts } = synthesizeDepartmentExtracts(truth, { seed: seed + 2, agreement: 0.85, errors: injected.labels, formVersion: '2021' });
  for (const d of DEPARTMENT_IDS) out[d] = extracts[d].records;
  return { version, records, extracts: out, referenceDate };
}

/** psql against the cluster: unaligned, tuples only, `|`-separated, stopping at the first error. */
export function psqlOf(pg: PostgresCluster): (args: string[]) => string {
  return (args) => execFileSync(join(pg.bin, 'psql'), [pg.url, '-v', 'ON_ERROR_STOP=1', '-q', '-A', '-t', '-F', '|', ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
}

/** The batch's tables as the DuckDB engine loads them, copied into PostgreSQL as text (through CSV files in `dir`). */
export async function loadIntoPostgres(b: PlantedBatch, psql: (args: string[]) => string, dir: string): Promise<void> {
  const engine = await DuckDbEngine.open();
  try {
    await engine.loadRecords(b.records, { formVersion: b.version });
    for (const d of DEPARTMENT_IDS) await engine.loadDepartment(d, b.extracts[d]);
    for (const t of ['canji_records', ...DEPARTMENT_IDS.map((d) => defaultDepartmentTable(d))]) {
      const cols = (await engine.query(`SELECT column_name FROM (DESCRIBE ${t})`)).map((r) => String(r[0]));
      const file = join(dir, `${t}.csv`);
      await engine.query(`COPY ${t} TO '${file}' (HEADER, DELIMITER ',')`);
      psql(['-c', `DROP TABLE IF EXISTS ${t}; CREATE TABLE ${t} (${cols.map((c) => `"${c}" ${c === 'canji_row' ? 'INTEGER' : 'TEXT'}`).join(', ')})`]);
      psql(['-c', `\\copy ${t} FROM '${file}' CSV HEADER`]);
    }
  } finally {
    engine.close();
  }
}
