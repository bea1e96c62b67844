import { describe, expect, expectTypeOf, it } from 'vitest';
import { DEPARTMENT_IDS, DEPARTMENT_NAMES, extractDepartments, isDepartmentId, type ExtractDepartmentId } from '@canji/form';

describe('departments (one list, owned by form)', () => {
  it('lists the seven departments in the order of the built-in extracts', () => {
    expect(DEPARTMENT_IDS).toEqual(['education', 'civil-affairs', 'social-security', 'housing', 'health', 'poverty-relief', 'public-security']);
    expect(extractDepartments.map((d) => d.id)).toEqual([...DEPARTMENT_IDS]);
  });

  it('names every department, and only those', () => {
    expect(Object.keys(DEPARTMENT_NAMES).sort()).toEqual([...DEPARTMENT_IDS].sort());
    for (const id of DEPARTMENT_IDS) expect(DEPARTMENT_NAMES[id]).toMatch(/^\p{Script=Han}+部门（.+）$/u);
    expect(DEPARTMENT_NAMES['public-security']).toBe('公安部门（户籍）');
  });

  it('tells a department id from any other value, inherited property names included', () => {
    for (const id of DEPARTMENT_IDS) expect(isDepartmentId(id)).toBe(true);
    for (const v of ['transport', 'constructor', 'toString', '', 'Education', 7, null, undefined, ['health']]) expect(isDepartmentId(v)).toBe(false);
  });

  it('derives the id type from the tuple', () => {
    expectTypeOf<ExtractDepartmentId>().toEqualTypeOf<'education' | 'civil-affairs' | 'social-security' | 'housing' | 'health' | 'poverty-relief' | 'public-security'>();
    expectTypeOf(DEPARTMENT_IDS).toEqualTypeOf<readonly ['education', 'civil-affairs', 'social-security', 'housing', 'health', 'poverty-relief', 'public-security']>();
  });
});
