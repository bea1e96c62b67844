/**
 * `canji services`: service work lists, their read-back, resource allocation tables.
 * Light module: commander definitions only; the command's work is imported when its action runs.
 */
import type { Command } from 'commander';
import { collect, encodingOpt, inputOptions, type DefineContext } from '../cli-options.js';
import { withInputFile } from '../stdin-input.js';

/** Adds `canji services`. */
export function defineServices(program: Command, ctx: DefineContext): void {
  const { io, setExit } = ctx;
  const services = program
    .command('services')
    .description('成果运用：服务工作清单（有需求而未得到服务的人员，按乡镇或村，含办理结果栏）、回收清单的办理结果、资源分配表（各单位需要各项服务的人数、占比和区间）');
  const pairOptions = (c: Command) =>
    c
      .option('--dept <部门=文件>', '部门数据，如 --dept civil-affairs=两项补贴.xlsx（护理补贴配对需要民政数据；可多次给出）', collect, [])
      .option('--pairs <file.json>', '本地需求–服务配对文件（增加或替换内置配对）')
      .option('--form <version>', '登记表版本：2017、2021（默认由表头识别）');
  inputOptions(
    pairOptions(
      services
        .command('worklist <batch>')
        .description('写出服务工作清单：每个乡镇（或村）一个 .xlsx，列出有登记需求而未得到相应服务的人员及依据，留空“采取的措施、办理日期、办理结果”三栏；旁边写工作清单.json（回收时对应编号）'),
    )
      .option('--previous-actions <dir或文件>', '以往的办理记录（canji services readback 的输出，或其所在目录；可多次给出）：已办结且数据未变的条目不再列入', collect, [])
      .option('--by <unit>', '每个文件的单位：township（乡镇，默认）或 village（村）', 'township')
      .option('--full-ids', '清单中写完整身份证号（默认遮蔽）', false)
      .requiredOption('-o, --out <dir>', '输出目录'),
  ).action(async (batch: string, opts) => {
    const { runServicesWorklist } = await import('../commands/services.js');
    setExit(await withInputFile(io, batch, opts.inputFormat, (path) => runServicesWorklist(io, path, { ...opts, encoding: encodingOpt(opts.encoding), format: opts.inputFormat })));
  });
  services
    .command('readback <inputs...>')
    .description('读回交回的服务工作清单（目录或文件；列顺序改变、插入空行、WPS 编辑均可）：按编号对应，写出办理记录 .json（含以往记录），供下一轮 worklist --previous-actions 使用；有无法读取或对应不上的行时退出码为 1')
    .option('--manifest <file>', '工作清单.json（默认在交回文件所在目录中找）')
    .requiredOption('-o, --out <actions.json>', '办理记录 .json')
    .action(async (inputs: string[], opts) => {
      const { runServicesReadback } = await import('../commands/services.js');
      setExit(await runServicesReadback(io, inputs, opts));
    });
  inputOptions(
    pairOptions(
      services
        .command('allocate <batch>')
        .description('写出资源分配表（.xlsx 或 .csv）：各单位需要各项服务的人数、占全部的比例和 Wilson 95% 区间，逐级汇总到县、市、省'),
    )
      .option('--by <unit>', '最低一级单位：village、township（默认）、county、prefecture、province', 'township')
      .option('--count <what>', 'gap：有需求而未得到服务（默认）；need：有需求', 'gap')
      .requiredOption('-o, --out <file>', '输出 .xlsx 或 .csv'),
  ).action(async (batch: string, opts) => {
    const { runServicesAllocate } = await import('../commands/services.js');
    setExit(await withInputFile(io, batch, opts.inputFormat, (path) => runServicesAllocate(io, path, { ...opts, encoding: encodingOpt(opts.encoding), format: opts.inputFormat })));
  });
}
