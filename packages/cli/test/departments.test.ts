import { describe, expect, it } from 'vitest';
import { DEPARTMENT_IDS } from '@canji/form';
import { parseDeptOption } from '../src/departments.js';

describe('--dept', () => {
  it('accepts every department id of @canji/form and the usual short names', () => {
    for (const id of DEPARTMENT_IDS) expect(parseDeptOption(`${id}=x.csv`)).toEqual({ department: id, path: 'x.csv' });
    expect(parseDeptOption('公安=户籍.csv')).toEqual({ department: 'public-security', path: '户籍.csv' });
  });

  it('refuses an unknown department with USAGE_DEPT, inherited property names included', () => {
    for (const name of ['police', 'constructor', 'toString', '__proto__']) {
      expect(() => parseDeptOption(`${name}=x.csv`)).toThrow(expect.objectContaining({ code: 'USAGE_DEPT', message: expect.stringContaining(DEPARTMENT_IDS.join('、')) }));
    }
  });
});
