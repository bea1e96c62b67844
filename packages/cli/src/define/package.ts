/**
 * `canji package`: the yearly submission package, its verification and the combination of units' packages.
 * Light module: commander definitions only; the command's work is imported when its action runs.
 */
import type { Command } from 'commander';
import { collect, encodingOpt, inputOptions, intOpt, type DefineContext } from '../cli-options.js';
import { withInputFile } from '../stdin-input.js';

/** Adds `canji package`. */
export function definePackage(program: Command, ctx: DefineContext): void {
  const { io, setExit } = ctx;
  const pkg = program
    .command('package')
    .description('年度上报包：双签字报表（XLSX、PDF）、工作总结草稿、数据校验报告和提交清单（每个文件的 SHA-256）；上一级核验和逐级汇总');
  inputOptions(
    pkg
      .command('build <batch>')
      .description('为一个单位制作上报包：运行 canji check 得到数据校验报告，按其汇总写出双签字报表、工作总结草稿、汇总数据和提交清单（目录及同名 .zip）')
      .requiredOption('--region <code>', '填报单位的区划代码（如县 430121）')
      .requiredOption('--as-of <date>', '标准时点 YYYY-MM-DD')
      .option('--round <year>', '年度（默认取标准时点的年份）')
      .option('--form <version>', '登记表版本：2016、2017、2021（默认由表头识别）')
      .option('--rules <file>', '本地规则文件（JSON），加在内置规则之后，可多次给出', collect, [])
      .option('--dept <dept=file>', '部门比对数据，可多次给出（同 canji check --dept）', collect, [])
      .option('--previous <file>', '上一轮的数据（同 canji check --previous）')
      .option('--roster <file>', '残疾人证底册（同 canji check --roster）')
      .option('--verification <file>', 'canji verify 写的 核实状态.json：部门核实情况写入报告和报表')
      .option('--level <level>', '报表按哪一级单位分行（默认：县的上报包按乡镇）')
      .option('--review-db <file>', '审核库：提交清单记录本单位本年度的审核状态')
      .option('--title <title>', '数据校验报告的标题')
      .option('--workers <n>', '校验的工作线程数', '1')
      .option('--no-pdf', '不生成 PDF（只写 HTML，可在浏览器中打印）')
      .option('--no-zip', '只写目录，不另写 .zip')
      .requiredOption('-o, --out <dir>', '上报包目录（不存在或为空）'),
  ).action(async (batch: string, opts) => {
    const { runPackageBuild } = await import('../commands/package.js');
    setExit(
      await withInputFile(io, batch, opts.inputFormat, (path) => runPackageBuild(io, path, {
        region: opts.region,
        asOf: opts.asOf,
        round: opts.round,
        form: opts.form,
        rules: opts.rules,
        dept: opts.dept,
        previous: opts.previous,
        roster: opts.roster,
        verification: opts.verification,
        level: opts.level,
        reviewDb: opts.reviewDb,
        title: opts.title,
        workers: intOpt('--workers', opts.workers, 1),
        pdf: opts.pdf,
        zip: opts.zip,
        out: opts.out,
        encoding: encodingOpt(opts.encoding),
        format: opts.inputFormat,
        ...(opts.sheet !== undefined ? { sheet: String(opts.sheet) } : {}),
        quiet: opts.quiet,
      })),
    );
  });
  pkg
    .command('verify <package>')
    .description('核验收到的上报包（目录或 .zip）：每个文件与提交清单比对（缺少、多出、改动），汇总数字与数据校验报告和数据文件核对；有任何不符时退出码为 1')
    .option('--expect-manifest <sha256>', '另行报送的提交清单 SHA-256：核对收到的提交清单就是报送的那一份')
    .action(async (path: string, opts) => {
      const { runPackageVerify } = await import('../commands/package.js');
      setExit(await runPackageVerify(io, path, { expectManifest: opts.expectManifest }));
    });
  pkg
    .command('combine <packages...>')
    .description('上一级汇总下级单位的上报包：逐个核验，重新相加通过核验的汇总数字，写出本级的上报包和核验结果；有上报包未通过时退出码为 1')
    .option('--region <code>', '汇总单位的区划代码（默认：各上报包共同的上一级）')
    .option('--review-db <file>', '审核库：提交清单记录本级的审核状态')
    .option('--no-pdf', '不生成 PDF（只写 HTML）')
    .option('--no-zip', '只写目录，不另写 .zip')
    .requiredOption('-o, --out <dir>', '本级上报包目录（不存在或为空）')
    .action(async (paths: string[], opts) => {
      const { runPackageCombine } = await import('../commands/package.js');
      setExit(await runPackageCombine(io, paths, { region: opts.region, reviewDb: opts.reviewDb, pdf: opts.pdf, zip: opts.zip, out: opts.out }));
    });
}
