import pkg from '../package.json' with { type: 'json' };

/** Injected by the build (tsup `define`, see the repository's tsup.base.ts); undefined when running from sources. */
declare const __CANJI_RULES_VERSION__: string | undefined;

/**
 * Version of `@canji/rules`, from its package.json: injected at build time, read from package.json
 * when running from sources (tsx, vitest). The report's `meta.ruleSetVersion` defaults to
 * `@canji/rules <RULES_VERSION>`.
 *
 * @example
 * import { RULES_VERSION } from '@canji/rules';
 * console.log(`规则版本 ${RULES_VERSION}`);
 */
export const RULES_VERSION: string = typeof __CANJI_RULES_VERSION__ === 'undefined' ? pkg.version : __CANJI_RULES_VERSION__;
