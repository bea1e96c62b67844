/**
 * `canji release` (the release gate for published tables), `canji trace` (which recipient an extract
 * was issued to) and the research-access options of `canji deid`.
 * Light module: commander definitions only; the command's work is imported when its action runs.
 */
import { Option, type Command } from 'commander';
import { collect, encodingOpt, inputOptions, type DefineContext } from '../cli-options.js';
import { withInputFile } from '../stdin-input.js';

/** Adds `canji release` and `canji trace`. */
export function defineRelease(program: Command, ctx: DefineContext): void {
  const { io, setExit } = ctx;
  program
    .command('release <table>')
    .description('发布审核：凭批准记录发布指标表（canji indicators --unsuppressed 输出的 JSON），做小格首要与补充抑制并精确审核被抑制的格不可推算，写出发布表（.csv/.xlsx）及发布记录（.release.json）；审核未通过时不写出，退出码 1')
    .requiredOption('--approval <file>', '批准记录 JSON：approver（批准人）、approvalNo（批准文号）、date、audience（internal/directed/public），定向发布另需 recipients')
    .addOption(new Option('--audience <audience>', '本次发布范围：internal（内部使用）、directed（定向发布）、public（公开发布）').choices(['internal', 'directed', 'public']).makeOptionMandatory())
    .option('--min-cell <n>', '小格阈值：人数 1 至 n−1 的格被抑制', '5')
    .option('--protection <n>', '保护区间：每个被抑制计数的可能取值范围宽度至少为 n（默认等于 --min-cell）')
    .option('--indicator <id>', '只发布这些指标（可多次给出；默认输入中的全部指标）', collect, [])
    .option('--released-on <date>', '发布日期 YYYY-MM-DD（默认今天）')
    .requiredOption('-o, --out <file>', '发布表：.csv 或 .xlsx（旁边写 <文件>.release.json）')
    .action(async (table: string, opts) => {
      const { runRelease } = await import('../commands/release.js');
      setExit(await runRelease(io, table, opts));
    });

  inputOptions(
    program
      .command('trace <extract>')
      .description('追溯泄露的研究数据：按各接收方的派生密钥重算原始数据的假名（或比对所附记录的密钥指纹），指出数据提供给了哪个接收方；无接收方匹配时退出码 1')
      .requiredOption('--key-file <file>', '制作研究数据时用的假名化密钥文件')
      .requiredOption('--candidates <path>', '候选接收方：访问记录（.access.json）或写明 recipient 的数据使用申请，文件或目录（可多次给出）', collect, [])
      .option('--original <file>', '制作研究数据所用的原始数据（重算假名）')
      .option('--key-id <id>', '密钥编号（默认取泄露数据中假名的密钥编号）')
      .option('-o, --out <file>', '追溯结果 JSON（- 为标准输出，给人看的结果改写到标准错误）'),
  ).action(async (extract: string, opts) => {
    const { runTrace } = await import('../commands/trace.js');
    // `--original -` reads stdin (the leaked extract is read with the files beside it, so not from stdin).
    setExit(await withInputFile(io, opts.original ?? '', opts.inputFormat, (original) => runTrace(io, extract, { ...opts, ...(opts.original !== undefined ? { original } : {}), encoding: encodingOpt(opts.encoding), format: opts.inputFormat })));
  });
}

/** Adds the research-access options (request record, recipient) to `canji deid`. */
export function extendDeidCommand(deid: Command, ctx: DefineContext): void {
  void ctx;
  deid
    .option('--request <file>', '数据使用申请 JSON：applicant、institution、purpose、approvalNo（批准文号）、expires（有效期至）、keyId；过期则拒绝；旁边写 <输出>.access.json')
    .option('--recipient <id>', '接收方标识：假名按由密钥和接收方派生的密钥计算，泄露时可追溯（需 --request 和 --key-file）')
    .option('--issued-on <date>', '提供日期 YYYY-MM-DD（默认今天；用于核对申请有效期）');
}
