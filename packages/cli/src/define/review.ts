/**
 * `canji review`: review states per unit and round (submit, approve, send back, status tree).
 * Light module: commander definitions only; the command's work is imported when its action runs.
 */
import { Option, type Command } from 'commander';
import type { DefineContext } from '../cli-options.js';

const common = (c: Command) =>
  c
    .requiredOption('--db <file>', '审核库：DuckDB 数据库文件（可与登记库同一文件），或 .jsonl 文件 / 文件存储登记库目录（文件存储）')
    .addOption(new Option('--store <kind>', '存储方式（默认按路径判断：目录或 .jsonl 为 file，其余为 duckdb）').choices(['file', 'duckdb']))
    .requiredOption('--round <round>', '轮次（年度），如 2019')
    .option('--at <time>', '操作时间（ISO 8601，默认当前时间）')
    .option('--json', '以 JSON 输出', false);

/** Adds `canji review`. */
export function defineReview(program: Command, ctx: DefineContext): void {
  const { io, setExit } = ctx;
  const review = program
    .command('review')
    .description('逐级审核（县 → 市 → 省）：报送、审核通过、退回，查看审核状态树；审核锁定批次文件的 SHA-256，数据变更后审核失效；每次操作记入审核日志');

  common(
    review
      .command('init')
      .description('配置一轮审核：顶层单位和审核层级（单位取自区划表）；首次报送时未配置则按默认层级自动配置')
      .requiredOption('--top <code>', '顶层单位区划代码（省 43，或单独审核的市 4301）')
      .option('--levels <ids>', '审核层级，自下而上、逗号分隔：township、county、prefecture、province（默认 county,prefecture,province；直辖市 county,province）')
      .option('--by <name>', '操作人'),
  ).action(async (opts) => {
    const { runReviewInit } = await import('../commands/review.js');
    setExit(await runReviewInit(io, opts));
  });

  common(
    review
      .command('submit')
      .description('单位报送批次：记录批次文件的 SHA-256（已审核的单位须先被退回才能重新报送）')
      .requiredOption('--unit <code>', '报送单位区划代码')
      .requiredOption('--batch <file>', '报送的批次文件（计算其 SHA-256）')
      .requiredOption('--by <name>', '报送人')
      .option('--reason <text>', '说明')
      .option('--top <code>', '本轮尚未配置时：顶层单位（默认报送单位所在的省）')
      .option('--levels <ids>', '本轮尚未配置时：审核层级，自下而上、逗号分隔'),
  ).action(async (opts) => {
    const { runReviewSubmit } = await import('../commands/review.js');
    setExit(await runReviewSubmit(io, opts));
  });

  common(
    review
      .command('approve')
      .description('审核通过（县级审核、市级复核、省级终审）：须按层级顺序，且下级单位均已达到本级；批次须与报送时一致')
      .requiredOption('--unit <code>', '被审核单位区划代码')
      .requiredOption('--level <id>', '审核层级：county、prefecture、province（或本轮配置的其他层级）')
      .requiredOption('--by <name>', '审核人')
      .option('--batch <file>', '所审核的批次文件（默认报送时记录的文件）')
      .option('--with-below', '同时审核其下所有待本层级审核的单位（自下而上；任一单位不能通过则全部不写入）', false)
      .option('--reason <text>', '审核意见'),
  ).action(async (opts) => {
    const { runReviewApprove } = await import('../commands/review.js');
    setExit(await runReviewApprove(io, opts));
  });

  common(
    review
      .command('return')
      .description('退回（须说明原因）：单位须重新报送；上级单位已审核的，须先退回上级单位')
      .requiredOption('--unit <code>', '被退回单位区划代码')
      .requiredOption('--level <id>', '退回的层级：county、prefecture、province')
      .requiredOption('--by <name>', '操作人')
      .requiredOption('--reason <text>', '退回原因'),
  ).action(async (opts) => {
    const { runReviewReturn } = await import('../commands/review.js');
    setExit(await runReviewReturn(io, opts));
  });

  common(
    review
      .command('status')
      .description('审核状态树（省或市及其下级单位）：各单位状态、按状态计数，数据已变更的审核标为“已失效”；--strict 时有单位未完成终审或审核失效则退出码为 1')
      .option('--unit <code>', '只看此单位及其下级（默认本轮顶层单位）')
      .option('--strict', '有单位未完成最高层级审核或审核已失效时退出码为 1', false)
      .option('--no-verify', '不重新计算批次文件的 SHA-256（只看审核日志）'),
  ).action(async (opts) => {
    const { runReviewStatus } = await import('../commands/review.js');
    setExit(await runReviewStatus(io, opts));
  });
}
