/**
 * `@canji/id/zod` — the zod 4 schemas of resident ID and certificate numbers (output: the canonical
 * string). A separate entry so that `@canji/id` itself needs no zod: `isResidentId` alone bundles
 * to a few kilobytes, and installing `@canji/id` without zod works; install zod (a peer
 * dependency, optional) to use this entry.
 *
 * @example
 * ```ts
 * import { z } from 'zod';
 * import { residentIdSchema } from '@canji/id/zod';
 * z.object({ resident_id: residentIdSchema }).parse({ resident_id: ' 11010519491231002x' }); //=> { resident_id: '11010519491231002X' }
 * ```
 *
 * @packageDocumentation
 */
export { createDisabilityCertificateNoSchema, createResidentIdSchema, disabilityCertificateNoSchema, residentIdSchema } from './schemas.js';
