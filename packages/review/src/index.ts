/**
 * `@canji/review` — review and sign-off upward (县 → 市 → 省), the yearly submission package,
 * the release gate for published tables and research access records.
 */
export * from './states/index.js';
export * from './package/index.js';
export * from './release/index.js';
export * from './access/index.js';
