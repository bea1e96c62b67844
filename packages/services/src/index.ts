/**
 * `@canji/services` — results put to work (成果运用): service work lists and allocation tables,
 * scorecards for the offices below, satisfaction feedback and the yearly briefing.
 */
export * from './worklists/index.js';
export * from './scorecards/index.js';
