/**
 * Main job (for now): parse a handful of example numbers and print what canji makes of them.
 * Every number here is a published example (GB 11643-1999's own example, validator.js's test
 * vectors) or constructed by `makeResidentId` — none belongs to a real person.
 */
import * as id from '@canji/id';

console.log('canji demo', Object.keys(id).length, 'exports from @canji/id');
