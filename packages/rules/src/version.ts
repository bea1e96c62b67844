export const RULES_VERSION = '0.1.0';
