/**
 * `canji sql --indicators` (packages/cli/src/commands/sql.ts): the indicators' SQL printed for a
 * chosen dialect with its header, usage errors with stable codes. Calls the command's runner
 * directly (the options are defined in the CLI's command table).
 */
import { describe, expect, it } from 'vitest';
import { runSql, type SqlOptions } from '../../cli/src/commands/sql.js';
import type { CliIo } from '../../cli/src/io.js';

function io() {
  const out = { stdout: '', stderr: '' };
  const cli: CliIo = { stdout: (t) => void (out.stdout += t), stderr: (t) => void (out.stderr += t), isTTY: false, cwd: process.cwd() };
  return { cli, out };
}
const base: SqlOptions = { dialect: 'postgres', form: '2017', dept: [], rules: [], deptTable: [] };

describe('canji sql --indicators', () => {
  it('prints the indicators’ SQL with GROUPING SETS and a zh-CN header; --indicators <ids> picks indicators', async () => {
    const { cli, out } = io();
    expect(await runSql(cli, { ...base, indicators: true, by: 'county,sex', asOf: '2019-06-30' })).toBe(0);
    expect(out.stdout).toMatch(/^-- canji .*动态更新统计指标的 SQL（PostgreSQL 15）/);
    expect(out.stdout).toContain('GROUP BY GROUPING SETS');
    expect(out.stdout).toContain('已编译指标 21 个');
    const one = io();
    expect(await runSql(one.cli, { ...base, dialect: 'spark', form: '2021', indicators: 'employment-rate', asOf: '2021-06-30' })).toBe(0);
    expect(one.out.stdout).toContain('已编译指标 1 个');
    expect(one.out.stdout).toContain('按 2017 版题号读取 2021 版记录');
  });

  it('usage errors: no --as-of, an unknown dimension or indicator, --by without --indicators', async () => {
    await expect(runSql(io().cli, { ...base, indicators: true })).rejects.toMatchObject({ code: 'USAGE_AS_OF' });
    await expect(runSql(io().cli, { ...base, indicators: true, asOf: '2019-06-30', by: 'street' })).rejects.toMatchObject({ code: 'USAGE_BY' });
    await expect(runSql(io().cli, { ...base, indicators: 'no-such', asOf: '2019-06-30' })).rejects.toMatchObject({ code: 'USAGE_INDICATOR' });
    await expect(runSql(io().cli, { ...base, by: 'county' })).rejects.toMatchObject({ code: 'USAGE_BY' });
  });
});
