/**
 * The `canji` program: commands, options and exit codes. `run(argv, io)` is the whole CLI as a
 * function — the binary calls it with the process streams, tests call it in-process.
 */
import { Command, CommanderError, Option } from 'commander';
import { CliError, EXIT, processIo, type CliIo, type ExitCode } from './io.js';
import { outputError } from './output-file.js';
import type { FailOn } from './commands/check.js';
// Each command's module (exceljs, DuckDB, the region and rule tables …) is loaded when its action
// runs, so `--version`, `--help` and usage errors start in well under 300 ms (lazy-commands.ts).
import { runCheck, runIndicators, runDeid, runSynth, runRegions, runSchema, runVerify, runSql, runRegisterApply, runRegisterLoad, runRegisterSnapshot, runAuditSample, runAuditCompare } from './lazy-commands.js';
import type { FileFormat } from './sources.js';

import { CLI_VERSION } from './version.js';
export { CLI_VERSION };

const HELP_TITLES: Record<string, string> = { 'Usage:': '用法：', 'Options:': '选项：', 'Commands:': '命令：', 'Arguments:': '参数：', 'Global Options:': '全局选项：' };

import { collect, encodingOpt, intOpt, inputOptions, JSON_HELP } from './cli-options.js';
import { defineAuditExtra } from './define/audit-extra.js';
import { extendDeidCommand, defineRelease } from './define/release.js';
import { definePackage } from './define/package.js';
import { defineReview } from './define/review.js';
import { defineScorecard } from './define/scorecard.js';
import { defineServices } from './define/services.js';

/** zh-CN for commander's own usage errors; an unknown command lists the commands of its level (`canji review bogus`: review's). */
function commanderMessage(e: CommanderError, program?: Command, argv: readonly string[] = []): string {
  const m = e.message.replace(/^error: /, '');
  switch (e.code) {
    case 'commander.unknownOption':
      return `未知选项：${m.replace(/^unknown option '(.*)'.*$/s, '$1')}`;
    case 'commander.unknownCommand': {
      const name = m.replace(/^unknown command '(.*)'.*$/s, '$1');
      const parent = program?.commands.find((c) => c.name() === argv[0] && c.commands.length > 0 && argv[1] === name);
      const list = (parent ?? program)?.commands.map((c) => c.name()).filter((n) => n !== 'help') ?? [];
      return `未知命令：${parent ? `${parent.name()} ` : ''}${name}${list.length ? `（可用 ${list.join('、')}）` : ''}`;
    }
    case 'commander.missingArgument':
      return `缺少参数：${m.replace(/^missing required argument '(.*)'.*$/s, '$1')}`;
    case 'commander.optionMissingArgument':
      return `选项缺少值：${m.replace(/^option '(.*)' argument missing.*$/s, '$1')}`;
    case 'commander.missingMandatoryOptionValue':
      return `缺少必需的选项：${m.replace(/^required option '(.*)' not specified.*$/s, '$1')}`;
    case 'commander.invalidArgument': {
      const c = /^option '([^' ]+)[^']*' argument '(.*)' is invalid\.\s*(?:Allowed choices are (.*)\.)?/s.exec(m);
      if (!c) return `选项的值无效：${m}`;
      return `选项的值无效：${c[1]} 不能取“${c[2]}”${c[3] ? `（可用 ${c[3].split(', ').join('、')}）` : ''}`;
    }
    case 'commander.excessArguments': {
      const c = /^too many arguments(?: for '(.*)')?\. Expected (\d+) arguments? but got (\d+)\./.exec(m);
      return c ? `多余的参数：${c[1] ? `${c[1]} ` : ''}只接受 ${c[2]} 个参数，收到 ${c[3]} 个` : `多余的参数：${m}`;
    }
    default:
      return m;
  }
}

export function buildProgram(io: CliIo, setExit: (code: ExitCode) => void): Command {
  const program = new Command('canji')
    .description('canji：残疾人基本服务状况和需求信息数据动态更新 数据工具（校验、指标、脱敏、合成数据、区划、登记表结构）')
    .version(CLI_VERSION, '-v, --version', '显示版本')
    .helpOption('-h, --help', '显示帮助')
    .addHelpCommand('help [command]', '显示命令的帮助')
    .configureHelp({
      styleTitle: (t: string) => HELP_TITLES[t] ?? t,
      optionDescription: (o: Option) => {
        const extra: string[] = [];
        if (o.argChoices) extra.push(`可选：${o.argChoices.join('、')}`);
        if (o.defaultValue !== undefined && !(Array.isArray(o.defaultValue) && o.defaultValue.length === 0) && o.defaultValue !== false) extra.push(`默认：${String(o.defaultValue)}`);
        return extra.length ? `${o.description}（${extra.join('；')}）` : o.description;
      },
    })
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s), outputError: () => {} })
    .exitOverride()
    .showHelpAfterError(false);
  program.addHelpText(
    'after',
    '\n退出码：0 无问题；1 发现问题（见 check --fail-on；verify：有未结事项或无效答复）；2 用法或输入错误；3 本次运行失败（无法写出文件、磁盘已满、被中断或内部错误）。\n标准输入输出：输入文件写 - 即从标准输入读取；结果写到文件时标准输出为空，进度、提示和摘要都在标准错误；--json（check、indicators、deid、verify）在标准输出写一行 JSON 摘要。\n示例：\n  canji synth --count 20000 --region 430121 --seed 1 --errors 0.02 --departments depts --out persons.csv\n  canji check persons.csv --as-of 2019-06-30 --dept education=depts/education.csv --out report.html\n',
  );

  inputOptions(
    program
      .command('check [file]')
      .description('按登记表、一致性、批次和部门比对规则校验一批记录，生成数据校验报告')
      .option('--form <version>', '登记表版本：2016、2017、2021（默认由表头识别）')
      .option('--as-of <date>', '参照日期 YYYY-MM-DD（计算年龄；默认取每条记录的 reference_date）')
      .option('--region <code>', '本批次的区划代码（如 430121）：辖区外的记录会被标出')
      .option('--dept <dept=file>', '部门比对数据，可多次给出：education、civil-affairs、social-security、housing、health、poverty-relief、public-security', collect, [])
      .option('--previous <file>', '上一轮的数据（2017 或 2021 版，由表头识别）：按身份证号逐人年度比对（性别、出生日期、类别等级、受教育程度、补贴、照抄上一轮等）')
      .option('--roster <file>', '残疾人证底册（CSV/XLSX）：与上一轮一起逐人分类（连续、新增、退出及原因、县内迁移、底册有效持证而本轮未更新、本轮有记录而无有效证件），按乡镇计数并写入报告')
      .option('--round-lists <dir>', '把需要处理的人员（未更新、无有效证件、退出、新增、县内迁移）按乡镇写成 <dir>/<乡镇>.xlsx（及 轮次比对清单.csv）；需要 --previous 或 --roster')
      .option('--rules <file>', '本地规则文件（JSON，格式见 docs/schemas/rule-file.schema.json），加在内置规则之后，可多次给出', collect, [])
      .option('-o, --out <file>', '报告文件：.html、.md、.json、.csv、.xlsx，可多次给出；- 为标准输出（格式见 --out-format）', collect, [])
      .addOption(new Option('--out-format <fmt>', '--out - 写到标准输出的格式').choices(['json', 'md', 'csv', 'html']).default('json'))
      .option('--json', '在标准输出写一行 JSON 摘要（计数、部门、写出的文件、退出码）；给人看的信息改写到标准错误', false)
      .option('--sheet <name|n>', 'XLSX 文件读哪张工作表：名称或从 1 起的序号（默认第一张）')
      .option('--pdf <file>', '把数据校验报告打印成 PDF（A4，需要 Chromium：PATH 中的 chromium 或环境变量 CANJI_CHROMIUM）')
      .option('--discrepancies <dir>', '把各部门的待核实清单写成 <dir>/<部门>待核实清单.xlsx（及 .csv、清单.json），发给部门核实后用 canji verify 读回')
      .option('--verification <file>', '核实状态（canji verify 写出的 核实结果/核实状态.json）：报告“部门比对与核实情况”一节列出各部门的核实结果')
      .option('--to-fix <file>', '待修改记录（.xlsx，每个乡镇一张表；同名 .csv 写在旁边）：每条有错误或警告的记录、每处问题一行')
      .option('--full-ids', '待修改记录、部门待核实清单和轮次比对清单中写完整身份证号（默认遮蔽）：清单即含个人身份信息，须按保密要求保管', false)
      .option('--rejects <file>', '把拒收的行（行号、列、原因）写成 CSV')
      .addOption(new Option('--fail-on <level>', '何时以退出码 1 结束').choices(['error', 'warning', 'never']).default('error'))
      .option('--workers <n>', '读取线程数（CSV/JSONL）：1 为主线程读取并校验；N ≥ 2 为 N 个工作线程读取、主线程校验', '1')
      .option('--title <title>', '报告标题')
      .addOption(new Option('--level <level>', '报告按哪一级地区统计').choices(['province', 'prefecture', 'county', 'township', 'village']).default('county'))
      .option('--engine <name>', '校验引擎：js（默认）、duckdb（能写成 SQL 的规则由内嵌 DuckDB 运行，其余在 JavaScript 中运行，报告相同）或 postgres（同上，在 --db 的 PostgreSQL 库中运行）')
      .option('--db <url>', '--engine postgres 的数据库连接串（postgresql://用户@主机:端口/库名；口令不会显示）')
      .option('--table <name>', '--engine postgres：校验库中已有的表（表名或 模式.表名），不给数据文件')
      .option('--columns <file>', '与 --table 同用：列名对照（JSON，canji 项目名 → 表中的列名，如 {"resident_id": "sfzh"}）'),
  ).action(async (file: string | undefined, opts) => {
    if (file === undefined && opts.table === undefined) throw new CliError('USAGE_INPUT_MISSING', '缺少参数：file（数据文件；或用 --engine postgres --db <URL> --table <表名> 校验库中的表）');
    if (file !== undefined && opts.table !== undefined) throw new CliError('USAGE_ENGINE_TABLE', `数据文件“${file}”与 --table 只能给一样`);
    setExit(
      await runCheck(io, file ?? String(opts.table), {
        form: opts.form,
        asOf: opts.asOf,
        region: opts.region,
        dept: opts.dept,
        ...(opts.previous ? { previous: opts.previous } : {}),
        ...(opts.roster ? { roster: opts.roster } : {}),
        ...(opts.roundLists ? { roundLists: opts.roundLists } : {}),
        rules: opts.rules,
        out: opts.out,
        discrepancies: opts.discrepancies,
        toFix: opts.toFix,
        fullIds: opts.fullIds,
        rejects: opts.rejects,
        failOn: opts.failOn as FailOn,
        encoding: encodingOpt(opts.encoding),
        format: opts.inputFormat as FileFormat | undefined,
        quiet: opts.quiet,
        workers: intOpt('--workers', opts.workers, 1),
        title: opts.title,
        level: opts.level,
        pdf: opts.pdf,
        verification: opts.verification,
        ...(opts.sheet !== undefined ? { sheet: String(opts.sheet) } : {}),
        json: opts.json === true,
        outFormat: opts.outFormat,
        ...(opts.engine !== undefined ? { engine: String(opts.engine) } : {}),
        ...(opts.db !== undefined ? { db: String(opts.db) } : {}),
        ...(opts.table !== undefined ? { table: String(opts.table) } : {}),
        ...(opts.columns !== undefined ? { columns: String(opts.columns) } : {}),
      }),
    );
  });

  program
    .command('verify <files...>')
    .description('读回部门核实后返回的待核实清单（.xlsx 或 .csv，或它们所在的目录），校验每条核实结果，输出核实率、需更正记录和未结事项')
    .option('--manifest <file>', '清单说明文件（check --discrepancies 写的 清单.json；默认在清单所在目录中找）')
    .option('-o, --out <dir>', '输出目录（默认：清单说明文件旁的 核实结果/）')
    .option('--json', JSON_HELP.verify, false)
    .action(async (files: string[], opts) => {
      setExit(await runVerify(io, files, { manifest: opts.manifest, out: opts.out, json: opts.json === true }));
    });

  inputOptions(
    program
      .command('indicators <file>')
      .description('计算覆盖率和需求指标（一次扫描），按地区、类别、性别等分组，对照目标值')
      .requiredOption('--as-of <date>', '参照日期 YYYY-MM-DD（计算年龄）')
      .option('--form <version>', '登记表版本：2016、2017、2021（默认由表头识别）')
      .option('--by <dims>', '分组：county、township、village、prefecture、province、category、level、sex、hukou、age，逗号分隔', '')
      .option('--indicators <ids>', '只算这些指标（逗号分隔的指标编号）')
      .option('--target <id=value>', '目标值，如 household-visit-rate=95（可多次给出）', collect, [])
      .option('--min-cell <n>', '小格阈值：覆盖人数小于 n 的格子（默认 5）在输出中抑制，并补充抑制可推算它们的格')
      .option('--unsuppressed', '内部用：不抑制小格（只标出），输出不得公开发布', false)
      .option('--dept <dept=file>', '部门数据作为登记表未问项目的来源（2021 版的两项补贴、城乡居民养老保险、学籍等），可多次给出：education、civil-affairs、social-security、housing、health、poverty-relief、public-security', collect, [])
      .option(
        '--previous <file>',
        '上一轮的数据（2017 或 2021 版，由表头识别），可多次给出更早各轮：每个指标给出本轮、上轮、差值及其 95% 区间和是否显著，分全部人员和连续在册人员（按身份证号匹配）；三轮以上另有历年趋势表（.md 输出时附折线图 SVG）',
        collect,
        [],
      )
      .option('-o, --out <file>', '输出：.csv、.json、.md（默认在终端打印表格）；- 为标准输出（格式见 --out-format）')
      .addOption(new Option('--out-format <fmt>', '--out - 写到标准输出的格式（CSV 不带 BOM）').choices(['md', 'csv', 'json']).default('md'))
      .option('--json', JSON_HELP.indicators, false),
  ).action(async (file: string, opts) => {
    setExit(await runIndicators(io, file, { ...opts, encoding: encodingOpt(opts.encoding), format: opts.inputFormat }));
  });

  const deid = inputOptions(
    program
      .command('deid <file>')
      .description('按脱敏策略输出去标识化的研究数据，并给出 k-匿名风险报告')
      .option('--form <version>', '登记表版本：2016、2017、2021（默认由表头识别）')
      .option('--key-file <file>', '假名化密钥文件（至少 32 字节；身份证号换成带密钥的假名）；不给则删除身份证号')
      .option('--key-id <id>', '密钥编号，写入每个假名', 'k1')
      .option('--policy <policy>', 'default，或策略 JSON 文件', 'default')
      .option('--as-of <date>', '参照日期 YYYY-MM-DD：出生日期泛化为年龄段')
      .option('--k <k>', '要求每个等价类至少 k 条记录（泛化或删除记录达到）', '5')
      .option('--quasi <fields>', '准标识符（逗号分隔）', 'region_code,sex,birth_date,disability_category,disability_level')
      .option('--max-suppression <share>', '为达到 k 最多删除的记录比例', '0.05')
      .option('--risk-report <file>', '风险报告（.md 或 .json）')
      .requiredOption('-o, --out <file>', '输出文件：.csv 或 .jsonl')
      .option('--json', JSON_HELP.deid, false),
  );
  extendDeidCommand(deid, { io, setExit });
  deid.action(async (file: string, opts) => {
    setExit(await runDeid(io, file, { ...opts, encoding: encodingOpt(opts.encoding), format: opts.inputFormat }));
  });

  program
    .command('synth')
    .description('生成可复现的合成登记数据（不含真实个人信息），可注入错误和生成部门比对数据')
    .requiredOption('--count <n>', '人数')
    .option('--region <code>', '区划代码（县级 6 位）', '430121')
    .option('--seed <seed>', '随机种子（同一种子生成同样的数据）', '1')
    .option('--as-of <date>', '参照日期 YYYY-MM-DD', '2019-06-30')
    .option('--errors <rate>', '注入错误的记录比例（0–1），标签写入 <out>.labels.jsonl')
    .option('--departments <dir>', '同时生成部门比对数据（每个部门一个 CSV）')
    .option('--form <version>', '登记表版本：2017 或 2021（2021/22 版：同一批人按 2021 版题号；不能在 2021 版体现的错误和部门差异不生成，并在 stderr 说明）', '2017')
    .option('--rounds <n>', '生成同一批人连续 n 轮（2–20，每轮晚一年）：--out 为目录，写入 round-k.csv、roster-k.csv（底册）、public-security-k.csv、events-k.jsonl（变更事件）、truth-k.csv（应得分类）、planted-k.csv（标注的变化）')
    .addOption(new Option('--headers <kind>', '表头：machine（r13）或 label（R13 受教育程度）').choices(['machine', 'label']).default('machine'))
    .addOption(new Option('--encoding <enc>', 'CSV 编码').choices(['utf8', 'utf8-bom', 'gbk']).default('utf8'))
    .option('-q, --quiet', '不显示进度', false)
    .requiredOption('-o, --out <file>', '输出文件：.csv、.jsonl 或 .xlsx（--rounds 时为目录）')
    .action(async (opts) => {
      setExit(await runSynth(io, opts));
    });

  program
    .command('regions <query>')
    .description('查区划：代码（430121、430121100201）或名称（长沙县、岳麓）')
    .option('--level <level>', '只找这一级：province、prefecture、county、township、village')
    .option('--limit <n>', '最多显示几条', '20')
    .option('--json', '输出 JSON', false)
    .action(async (query: string, opts) => {
      setExit(await runRegions(io, query, opts));
    });

  program
    .command('schema')
    .description('输出登记表的数据结构：JSON Schema（完整记录的约定：必填、跳转、选项规则、证号格式）或数据字典（Markdown）')
    .option('--form <version>', '登记表版本：2016、2017、2021', '2017')
    .addOption(new Option('--format <format>', '格式').choices(['json-schema', 'markdown']).default('json-schema'))
    .option('--partial', 'JSON Schema 只含结构和代码（录入过程中的记录：不要求必填、不含跳转）', false)
    .option('-o, --out <file>', '写入文件（不给或为 - 时写到标准输出）')
    .action(async (opts) => {
      setExit(await runSchema(io, opts));
    });

  const register = program
    .command('register')
    .description('登记库（实时更新）：载入一轮批次为基准、应用变更事件（冲突、重复、拒收）、按日期输出快照');
  inputOptions(
    register
      .command('load <register> <batch>')
      .description('把一轮的批次（CSV、XLSX、JSON Lines）载入为登记库的基准数据（登记库不存在时新建）')
      .option('--as-of <date>', '基准日期 YYYY-MM-DD（默认取批次的标准时点 reference_date）')
      .option('--source <text>', '基准数据的来源（默认为批次文件名）')
      .addOption(new Option('--store <store>', '登记库的存储方式（默认：已有登记库按其方式；新建为 DuckDB 文件）').choices(['duckdb', 'file']))
      .addOption(new Option('--key <key>', '人员标识').choices(['resident-id', 'certificate-no']))
      .option('--form <version>', '登记表版本：2016、2017、2021（默认由表头识别）'),
  ).action(async (registerPath: string, batch: string, opts) => {
    setExit(await runRegisterLoad(io, registerPath, batch, { ...opts, encoding: encodingOpt(opts.encoding), format: opts.inputFormat }));
  });
  register
    .command('apply <register> <events>')
    .description('把变更事件文件（JSON Lines，每行一个事件）应用到登记库：报告应用、重复、冲突、拒收的数目，并把冲突与拒收写成 CSV')
    .addOption(new Option('--on-conflict <mode>', '事件的原值与登记库不符时：skip 不修改（报告冲突），apply 仍按新值修改').choices(['skip', 'apply']).default('skip'))
    .addOption(new Option('--on-invalid <mode>', '修改后的记录有新错误时：reject 拒收，apply 仍修改（报告错误）').choices(['reject', 'apply']).default('reject'))
    .option('--issues <file>', '冲突与拒收的 CSV（默认：事件文件旁的 <事件文件名>.冲突与拒收.csv）')
    .option('--full-ids', '冲突与拒收清单中写完整身份证号（默认遮蔽）', false)
    .option('--batch-size <n>', '每批提交的事件数（每批落盘一次）', '1000')
    .addOption(new Option('--fail-on <level>', '何时以退出码 1 结束：error 有冲突未修改或拒收；warning 另有警告或覆盖；never').choices(['error', 'warning', 'never']).default('error'))
    .addOption(new Option('--store <store>', '登记库的存储方式（默认按登记库本身）').choices(['duckdb', 'file']))
    .addOption(new Option('--encoding <enc>', '事件文件编码：auto、utf8、gbk、gb18030、utf16le、utf16be').default('auto'))
    .option('-q, --quiet', '不显示进度', false)
    .action(async (registerPath: string, events: string, opts) => {
      setExit(await runRegisterApply(io, registerPath, events, { ...opts, encoding: encodingOpt(opts.encoding) }));
    });
  register
    .command('snapshot <register>')
    .description('输出登记库截至某日的快照（已退出的人员不含），为 canji check 可读的登记表 CSV')
    .requiredOption('--as-of <date>', '截至日期 YYYY-MM-DD：只含生效日期不晚于该日的变更')
    .requiredOption('-o, --out <file>', '输出的 CSV 文件')
    .addOption(new Option('--headers <kind>', '表头：machine（r13）或 label（R13 受教育程度）').choices(['machine', 'label']).default('machine'))
    .addOption(new Option('--encoding <enc>', 'CSV 编码').choices(['utf8', 'utf8-bom', 'gbk']).default('utf8'))
    .addOption(new Option('--store <store>', '登记库的存储方式（默认按登记库本身）').choices(['duckdb', 'file']))
    .action(async (registerPath: string, opts) => {
      setExit(await runRegisterSnapshot(io, registerPath, opts));
    });

  const audit = program.command('audit').description('采集质量复核：抽取可重现的复核样本（复核名单），比对复核结果与原始数据（差异率、验收合格/不合格、需重新采集的记录）');
  inputOptions(
    audit
      .command('sample <batch>')
      .description('从一批记录中抽取复核样本（随机种子可重现），写出复核名单（.xlsx）和旁边的抽样设计（.抽样设计.json）')
      .requiredOption('--seed <n>', '随机种子（0–4294967295，写入抽样设计）')
      .option('--rate <share>', '抽样比例（0–1]，如 0.02；每层至少 1 人')
      .option('--count <n>', '每层抽取人数（代替 --rate）')
      .option('--by <unit>', '分层单位：township、village、county、collector，或 none（简单随机抽样）', 'township')
      .option('--oversample-collector <name>', '加大抽取比例的采集员（可多次给出）', collect, [])
      .option('--factor <n>', '加大抽取的倍数（默认 2）')
      .option('--form <version>', '登记表版本：2017、2021（默认由表头识别）')
      .option('--full-ids', '名单中写完整身份证号（默认遮蔽）', false)
      .requiredOption('-o, --out <file>', '复核名单 .xlsx'),
  ).action(async (batch: string, opts) => {
    setExit(await runAuditSample(io, batch, { ...opts, encoding: encodingOpt(opts.encoding), format: opts.inputFormat }));
  });
  inputOptions(
    audit
      .command('compare <original> <revisit>')
      .description('比对复核数据与原始数据（按身份证号匹配）：按项目、采集员、乡镇的差异率及 95% 区间，验收合格/不合格，需重新采集的记录；有单位不合格时退出码为 1')
      .option('--threshold <rate>', '验收标准：差异率不超过此值为合格', '0.05')
      .option('--count-volatile', '易变项目（需求、服务）的差异也计入差异率', false)
      .option('--period <from..to>', '调查期（如 2019-07-01..2019-08-31）：采集员情况中统计期外的调查日期')
      .option('--form <version>', '登记表版本：2017、2021（默认由表头识别）')
      .option('--full-ids', '结果中写完整身份证号（默认遮蔽）', false)
      .requiredOption('-o, --out <file>', '复核结果 .xlsx'),
  ).action(async (original: string, revisit: string, opts) => {
    setExit(await runAuditCompare(io, original, revisit, { ...opts, encoding: encodingOpt(opts.encoding), format: opts.inputFormat }));
  });

  defineAuditExtra(audit, { io, setExit });
  defineReview(program, { io, setExit });
  definePackage(program, { io, setExit });
  defineRelease(program, { io, setExit });
  defineServices(program, { io, setExit });
  defineScorecard(program, { io, setExit });

  program
    .command('sql')
    .description('输出校验规则的 SQL（DuckDB、PostgreSQL 15、Spark SQL），供数据库团队在库内运行：每个（记录，规则）一行，与 canji check 的结果相同')
    .addOption(new Option('--dialect <dialect>', 'SQL 方言').choices(['duckdb', 'postgres', 'spark']).default('duckdb'))
    .option('--form <version>', '登记表版本：2017、2021', '2017')
    .option('--dept <depts>', '库中已有的部门数据表（逗号分隔，可多次给出，或 all）：education、civil-affairs、social-security、housing、health、poverty-relief、public-security', collect, [])
    .option('--as-of <date>', '参照日期 YYYY-MM-DD（计算年龄；默认取每条记录的 reference_date）')
    .option('--rules <file>', '本地规则文件（JSON），加在内置规则之后，可多次给出', collect, [])
    .option('--records-table <table>', '记录表（平面表格式），可带模式名', 'canji_records')
    .option('--record-key <column>', '记录表中给每条记录编号的列（结果的 record_key）', 'canji_row')
    .option('--dept-table <dept=table>', '部门数据表的表名（默认 canji_dept_<部门>），可多次给出', collect, [])
    .option('--dept-order <column>', '部门数据表中给出行序的列（同一人多行时后者为准）', 'canji_row')
    .option('--indicators [ids]', '输出统计指标的 SQL（分子、分母按分组汇总，地区按代码前缀逐级汇总，GROUPING SETS），而不是校验规则的 SQL；可给指标编号（逗号分隔）；需要 --as-of')
    .option('--by <dims>', '--indicators 的分组（逗号分隔，可多次给出）：province、prefecture、county、township、village、category、level、sex、hukou、age', collect, [])
    .option('-o, --out <file>', '写入文件（默认输出到终端）')
    .action(async (opts) => {
      setExit(await runSql(io, opts));
    });

  return program;
}

/**
 * Runs `canji` with the given arguments (without `node` and the script) and returns the exit code.
 *
 * @example
 * ```ts
 * import { run } from '@canji/cli';
 * const code = await run(['check', 'persons.csv', '--out', 'report.html']);
 * //=> 0 clean, 1 problems found, 2 usage or input error
 * ```
 */
export async function run(argv: readonly string[], io: CliIo = processIo()): Promise<ExitCode> {
  let code: ExitCode = EXIT.OK;
  const program = buildProgram(io, (c) => (code = c));
  try {
    await program.parseAsync([...argv], { from: 'user' });
    if (argv.length === 0) {
      io.stdout(program.helpInformation());
    }
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.OK;
      io.stderr(`错误：${commanderMessage(e, program, argv)}\n用 canji --help 查看用法。\n`);
      return EXIT.USAGE;
    }
    if (e instanceof CliError) {
      io.stderr(`错误 [${e.code}]：${e.message}\n`);
      return e.exitCode;
    }
    // An I/O error that escaped a writer (a full disk, a path that became a directory) is a
    // failure of this run, exit code 3 — never 1, which means "problems found in the data".
    const errno = (e as NodeJS.ErrnoException)?.code;
    if (typeof errno === 'string' && /^E[A-Z]+$/.test(errno)) {
      const err = outputError(e, (e as NodeJS.ErrnoException).path ?? '');
      io.stderr(`错误 [${err.code}]：${err.message}\n`);
      return EXIT.FAILURE;
    }
    io.stderr(`错误 [INTERNAL]：程序内部错误，请把这条信息报告给 canji 的维护者：${(e as Error)?.message ?? String(e)}\n`);
    return EXIT.FAILURE;
  }
}
