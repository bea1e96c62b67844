// Development entry of the check worker (tests and tsx runs from the TypeScript sources): Node 20
// does not carry the parent's module loader into worker threads, so this plain-JS entry registers
// tsx itself and then loads the TypeScript worker. The published package uses dist/check-worker.js.
import { register } from 'tsx/esm/api';

register();
await import('./check-worker.ts');
