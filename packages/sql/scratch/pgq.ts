import { parse } from 'libpg-query';
import { consistencyRules, crossCheckRules, batchRules } from '@canji/rules';
import { DEPARTMENT_IDS } from '@canji/form';
import { compileRulesToSql, renderSqlScript } from '../src/index.ts';
const q = compileRulesToSql([...consistencyRules('2017'), ...crossCheckRules('2017'), ...batchRules()], { dialect: 'postgres', departments: DEPARTMENT_IDS });
const t = Date.now();
try { const ast = await parse(renderSqlScript(q)); console.log('ok', Date.now() - t, Object.keys(ast)); } catch (e) { console.log('ERR', (e as Error).message); }
try { await parse(`SELECT FROM WHERE x`); } catch (e) { console.log('expected err', (e as Error).message); }
