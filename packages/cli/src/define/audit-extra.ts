/**
 * Sub-commands of `canji audit` beyond sample and compare: re-keying comparison (rekey), the
 * training exercise (training-cases, score) and the supervision register's coverage (supervision).
 * Light module: commander definitions only; the command's work is imported when its action runs.
 */
import { Option, type Command } from 'commander';
import { encodingOpt, inputOptions, SHEET_HELP, type DefineContext } from '../cli-options.js';
import { withInputFile, withInputFiles } from '../stdin-input.js';

/** Adds the further `canji audit` sub-commands. */
export function defineAuditExtra(audit: Command, ctx: DefineContext): void {
  const { io, setExit } = ctx;
  inputOptions(
    audit
      .command('rekey <entryA> <entryB>')
      .description('双录入比对：同一批纸质表的两次独立录入逐格比对（按表号或身份证号匹配，行序不限）；总差错率、各录入员和各项目的差错率及 95% 区间、不一致明细（供核对原始表）；差错率超过 --threshold 时退出码为 1')
      .option('--form-column <header>', '表号列的列名（默认：表号、问卷编号等；没有时按身份证号匹配）')
      .option('--keyer-column <header>', '录入员列的列名（默认：录入员、keyer）')
      .option('--threshold <rate>', '差错率标准（默认 0.005）')
      .option('--form <version>', '登记表版本：2017、2021（默认由表头识别）')
      .option('--full-ids', '结果中写完整身份证号（默认遮蔽）', false)
      .requiredOption('-o, --out <file>', '比对结果 .xlsx'),
  ).action(async (a: string, b: string, opts) => {
    const { runAuditRekey } = await import('../commands/audit-extra.js');
    setExit(await withInputFiles(io, [a, b], opts.inputFormat, ([x, y]) => runAuditRekey(io, x!, y!, { ...opts, encoding: encodingOpt(opts.encoding), format: opts.inputFormat })));
  });
  audit
    .command('training-cases')
    .description('生成培训案例：合成人员的情况说明（培训案例.xlsx，只有文字情况、没有代码）、答案（答案.csv）和空白答题表（答题表.csv）')
    .requiredOption('--seed <n>', '随机种子（同一种子得到同一组案例）')
    .option('--count <n>', '案例数（默认 20）')
    .option('--region <code>', '合成人员所在县（默认 430121）')
    .option('--form <version>', '登记表版本：2017、2021（默认 2017）')
    .requiredOption('-o, --out <dir>', '输出目录')
    .action(async (opts) => {
      const { runAuditTrainingCases } = await import('../commands/audit-extra.js');
      setExit(await runAuditTrainingCases(io, opts));
    });
  inputOptions(
    audit
      .command('score <answers>')
      .description('培训考核：学员答卷与答案逐项比对，每名学员的得分率和是否培训质量过关，易错项目；有学员未过关时退出码为 1')
      .requiredOption('--key <file>', '答案（canji audit training-cases 生成的 答案.csv）')
      .option('--pass <share>', '过关的得分率（默认 0.9）')
      .option('--hard <share>', '答错学员占此比例及以上的项目列为易错（默认 0.3）')
      .option('--trainee-column <header>', '学员列的列名（默认：学员）')
      .option('--case-column <header>', '案例编号列的列名（默认：案例编号；没有时按身份证号匹配）')
      .option('--form <version>', '登记表版本：2017、2021（默认由表头识别）')
      .option('--full-ids', '结果中写完整身份证号（默认遮蔽）', false)
      .requiredOption('-o, --out <file>', '考核结果 .xlsx'),
  ).action(async (answers: string, opts) => {
    const { runAuditScore } = await import('../commands/audit-extra.js');
    setExit(await withInputFile(io, answers, opts.inputFormat, (path) => runAuditScore(io, path, { ...opts, encoding: encodingOpt(opts.encoding), format: opts.inputFormat })));
  });
  audit
    .command('supervision <register>')
    .description('督查覆盖：督查登记（单位代码、督查日期、督查人员、督查方式、发现问题）按区划表校验，统计每个县的乡镇、村督查覆盖和从未督查到的单位；有单位未督查到或登记有问题时退出码为 1')
    .requiredOption('--region <code>', '统计的县（区）或市（省）区划代码')
    .option('--period <from..to>', '督查期（如 2019-07-01..2019-09-30）：期外的督查不计入')
    .addOption(new Option('--reach <rule>', '督查到的口径：within（本单位或下属单位有督查）、direct（本单位本身有督查）').choices(['within', 'direct']).default('within'))
    .addOption(new Option('--encoding <enc>', 'CSV 编码').default('auto'))
    .addOption(new Option('--input-format <fmt>', '输入格式（默认按扩展名）').choices(['csv', 'xlsx', 'jsonl', 'parquet']))
    .option('--sheet <name|n>', SHEET_HELP)
    .requiredOption('-o, --out <file>', '覆盖结果 .xlsx')
    .action(async (register: string, opts) => {
      const { runAuditSupervision } = await import('../commands/audit-extra.js');
      setExit(await withInputFile(io, register, opts.inputFormat, (path) => runAuditSupervision(io, path, { ...opts, encoding: encodingOpt(opts.encoding), format: opts.inputFormat })));
    });
}
