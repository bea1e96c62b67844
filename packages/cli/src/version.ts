import pkg from '../package.json' with { type: 'json' };

/** Injected by the build (tsup `define`, see the repository's tsup.base.ts); undefined when running from sources. */
declare const __CANJI_CLI_VERSION__: string | undefined;

/**
 * Version of `@canji/cli` (what `canji --version` prints), from its package.json: injected at build
 * time, read from package.json when running from sources (tsx, vitest).
 *
 * @example
 * import { CLI_VERSION } from '@canji/cli';
 * console.log(`canji ${CLI_VERSION}`);
 */
export const CLI_VERSION: string = typeof __CANJI_CLI_VERSION__ === 'undefined' ? pkg.version : __CANJI_CLI_VERSION__;
