/**
 * `--form 2016|2017|2021`: the person form version a file is read with — given, or recognised from
 * the file's header (`@canji/form`'s `detectFormVersion`) — and the stderr line that says which.
 */
import { PERSON_FORM_VERSIONS, detectFormVersion, type PersonFormVersion } from '@canji/form';
import { CliError } from './io.js';

/**
 * The `--form` value as a form version (`undefined`: not given, recognise it from the header).
 * Anything else is a usage error (`USAGE_FORM`, exit code 2).
 *
 * @example
 * ```ts
 * parseFormOption('2021'); //=> '2021'
 * parseFormOption('2019'); // throws CliError USAGE_FORM：不支持的登记表版本“2019”：可用 2016、2017、2021
 * ```
 */
export function parseFormOption(value: string | undefined): PersonFormVersion | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (!(PERSON_FORM_VERSIONS as readonly string[]).includes(v)) throw new CliError('USAGE_FORM', `不支持的登记表版本“${value}”：可用 ${PERSON_FORM_VERSIONS.join('、')}`);
  return v as PersonFormVersion;
}

/**
 * The form version to read a file with: the `--form` value, else the one its header fits (see
 * `detectFormVersion`), with the zh-CN line that says which and how it was chosen.
 *
 * @example
 * ```ts
 * formForHeader(undefined, ['resident_id', 'hukou', 'r4']);
 * //=> { version: '2021', notice: '按 2021 版登记表读取（由表头识别）\n' }
 * ```
 */
export function formForHeader(given: PersonFormVersion | undefined, headers: readonly string[]): { version: PersonFormVersion; notice: string } {
  if (given) return { version: given, notice: `按 ${given} 版登记表读取（--form ${given}）\n` };
  const d = detectFormVersion(headers);
  if (d.decided) return { version: d.version, notice: `按 ${d.version} 版登记表读取（由表头识别）\n` };
  return {
    version: d.version,
    notice: `按 ${d.version} 版登记表读取（表头与 ${d.candidates.join('、')} 版都相符，按 ${d.version} 版；如不是，请用 --form 指定）\n`,
  };
}
