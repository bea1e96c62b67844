/**
 * zod's own messages in zh-CN. Some files canji reads are checked with zod schemas whose issues are
 * quoted to the user (the verification manifest and status, the service actions file, the
 * scorecard weights); zod writes those in English by default (`Invalid option: expected one of
 * "1"|"2"`). The commands that read such files call {@link zodMessagesInChinese} when they run —
 * not at start-up (`canji --version` does not load zod) and not when `@canji/cli` is imported as a
 * library (zod's configuration is global to the process).
 */
import { z } from 'zod';

let done = false;

/**
 * Sets zod's messages to its zh-CN locale for the rest of the process (once). Messages a schema
 * sets itself, and those `@canji/form`'s issue formatter writes, are not affected.
 *
 * @example
 * ```ts
 * zodMessagesInChinese();
 * z.enum(['1', '2']).safeParse('3').error?.issues[0]?.message; //=> '无效选项：期望以下之一 "1"|"2"'
 * ```
 */
export function zodMessagesInChinese(): void {
  if (done) return;
  done = true;
  z.config(z.locales.zhCN());
}
