import pkg from '../package.json' with { type: 'json' };

/** Injected by the build (tsup `define`, see the repository's tsup.base.ts); undefined when running from sources. */
declare const __CANJI_SQL_VERSION__: string | undefined;

/**
 * Version of `@canji/sql`, from its package.json: injected at build time, read from package.json
 * when running from sources (tsx, vitest). The generated SQL's header names it.
 *
 * @example
 * import { SQL_VERSION } from '@canji/sql';
 * console.log(`@canji/sql ${SQL_VERSION}`);
 */
export const SQL_VERSION: string = typeof __CANJI_SQL_VERSION__ === 'undefined' ? pkg.version : __CANJI_SQL_VERSION__;
