/**
 * `canji scorecard`, `canji briefing`, `canji satisfaction`: scorecards for the units below, the yearly briefing, satisfaction feedback.
 * Light module: commander definitions only; the command's work is imported when its action runs.
 */
import type { Command } from 'commander';
import { encodingOpt, inputOptions, type DefineContext } from '../cli-options.js';
import { withInputFiles } from '../stdin-input.js';

/** Adds `canji scorecard`, `canji briefing` and `canji satisfaction`. */
export function defineScorecard(program: Command, ctx: DefineContext): void {
  const { io, setExit } = ctx;
  program
    .command('scorecard <reports...>')
    .description('下级单位工作考核记分卡：由 canji check 的 JSON 报告（每县一份，或一份按县/乡镇统计的报告）计算入户调查率、移动终端采集占比、错误和警告比例、部门比对差异办结率、年度更新完整率、复核一致率，各项目标值、得分、名次和总分；输出 .pdf、.html 或 .xlsx')
    .option('--audit <复核结果>', 'canji audit compare 写出的复核结果（.xlsx，或其 .json）：复核一致率')
    .option('--weights <file.json>', '计分设置：各项权重、目标值、零分值（JSON；未给出的项用默认值）')
    .option('--level <level>', '单位级别：county 或 township（默认按报告）')
    .option('--title <text>', '标题（默认：动态更新工作考核）')
    .option('--json <file>', '同时写出记分卡 JSON（供 canji briefing --scorecard 使用）')
    .requiredOption('-o, --out <file>', '输出 .pdf、.html 或 .xlsx')
    .action(async (reports: string[], opts) => {
      const { runScorecard } = await import('../commands/scorecard.js');
      setExit(await runScorecard(io, reports, opts));
    });
  inputOptions(
    program
      .command('satisfaction <answers>')
      .description('满意度回访：读入回访答案（按公民身份号码，满意度扩展项目 s1–s6），按单位和服务领域统计满意比例及 Wilson 95% 区间，并比较得到某项服务与未得到者的满意比例；输出 .pdf、.html、.xlsx 或 .json')
      .option('--batch <batch>', '本轮登记数据：按身份证号取所在地区和得到的服务')
      .option('--level <level>', '单位级别：county 或 township（默认 township）', 'township')
      .option('--form <version>', '登记表版本：2017、2021（默认由表头识别）')
      .requiredOption('-o, --out <file>', '输出 .pdf、.html、.xlsx 或 .json'),
  ).action(async (answers: string, opts) => {
    const { runSatisfaction } = await import('../commands/satisfaction.js');
    setExit(
      await withInputFiles(io, [answers, opts.batch], opts.inputFormat, ([a, batch]) =>
        runSatisfaction(io, a!, { ...opts, ...(batch !== undefined ? { batch } : {}), encoding: encodingOpt(opts.encoding), format: opts.inputFormat }),
      ),
    );
  });
  inputOptions(
    program
      .command('briefing')
      .description('残工委会议年度通报：主要指标本年与上年及变化（含区间）、考核记分卡摘要、各单位服务缺口前列、图表；一份可打印的 A4 文件（.pdf 或 .html）')
      .requiredOption('--current <batch>', '本年登记数据')
      .requiredOption('--previous <batch>', '上年登记数据')
      .option('--current-label <text>', '本年名称（默认按参照日期的年份）')
      .option('--previous-label <text>', '上年名称')
      .option('--as-of <date>', '本年参照日期（默认 record 的 reference_date 或 6 月 30 日）')
      .option('--previous-as-of <date>', '上年参照日期')
      .option('--scorecard <file>', 'canji scorecard --json 写出的记分卡，或 canji check 的 JSON 报告（可多次给出）', (v: string, p: string[]) => [...p, v], [])
      .option('--audit <复核结果>', '与 --scorecard 报告一起计分时的复核结果')
      .option('--weights <file.json>', '与 --scorecard 报告一起计分时的计分设置')
      .option('--title <text>', '标题（默认：残疾人基本服务状况和需求信息数据动态更新年度通报）')
      .option('--unit <text>', '通报单位名称（如 某省残疾人联合会）')
      .option('--by <level>', '分单位的级别：county（默认）或 township', 'county')
      .option('--form <version>', '登记表版本：2017、2021（默认由表头识别）')
      .requiredOption('-o, --out <file>', '输出 .pdf 或 .html'),
  ).action(async (opts) => {
    const { runBriefing } = await import('../commands/briefing.js');
    setExit(await withInputFiles(io, [opts.current, opts.previous], opts.inputFormat, ([current, previous]) => runBriefing(io, { ...opts, current: current!, previous: previous!, encoding: encodingOpt(opts.encoding), format: opts.inputFormat })));
  });
}
