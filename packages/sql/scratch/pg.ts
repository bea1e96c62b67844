import { PostgreSQL } from 'dt-sql-parser';
const p = new PostgreSQL();
for (const s of [`SELECT trim(BOTH E'\\u0009 ' FROM x) FROM t`, `SELECT trim(BOTH ' ' FROM x) FROM t`, `SELECT E'a\\u3000' FROM t`, `SELECT E'ab' FROM t`, `SELECT U&'a\\3000' FROM t`, `SELECT '\\N' FROM t`, `SELECT upper(x) IN ('NULL', '\\N', '(NULL)') FROM t`]) {
  console.log(s, JSON.stringify(p.validate(s).slice(0, 1)));
}
