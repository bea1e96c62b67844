import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  MASK_PRESETS,
  applyMask,
  maskAddress,
  maskCertificateNo,
  maskName,
  maskPhone,
  maskResidentId,
  parseAddressLevels,
  phoneKind,
  splitChineseName,
} from '@canji/deid';
import { residentIdArb, toFullWidth } from './arbitraries.js';

describe('mask presets', () => {
  it.each(MASK_PRESETS.map((p) => [p.preset, p] as const))('%s does what its documentation example says', (_, p) => {
    expect(applyMask(p.example.input, p.preset)).toBe(p.example.output);
  });
});

describe('maskName', () => {
  it('keeps compound surnames whole', () => {
    expect(maskName('欧阳明华')).toBe('欧阳**');
    expect(maskName('司马相如', 'name.keep-surname-and-last')).toBe('司马*如');
    expect(maskName('诸葛亮')).toBe('诸葛*');
    expect(maskName('上官婉儿', 'name.keep-surname-fixed')).toBe('上官**');
    expect(splitChineseName('歐陽修')).toEqual({ surname: '歐陽', given: '修' });
  });
  it('reads a two-character name as single surname + given name even if it looks compound', () => {
    expect(splitChineseName('欧阳')).toEqual({ surname: '欧', given: '阳' });
    expect(maskName('欧阳')).toBe('欧*');
  });
  it('masks names with separators part by part', () => {
    expect(maskName('阿依古丽·买买提')).toBe('阿***·***');
    expect(maskName('阿依古丽·买买提', 'name.keep-last')).toBe('****·**提');
    expect(maskName('JOHN SMITH')).toBe('J*** *****');
  });
  it('keep-surname shows the surname and one * per given-name character, nothing else', () => {
    fc.assert(
      fc.property(fc.constantFrom('张', '李', '欧阳', '司马', '诸葛'), fc.string({ unit: fc.constantFrom(...'明华建国秀英子涵'), minLength: 1, maxLength: 3 }), (surname, given) => {
        expect(maskName(surname + given, 'name.keep-surname')).toBe(surname + '*'.repeat(given.length));
      }),
    );
  });
});

describe('maskResidentId / maskCertificateNo', () => {
  it('masks the canonical form of any accepted input form', () => {
    expect(maskResidentId('11010519491231002x')).toBe('110105********002X');
    expect(maskResidentId(toFullWidth('11010519491231002x'))).toBe('110105********002X');
    expect(maskResidentId('110105491231002', 'id.keep-region')).toBe('110105************');
  });
  it('masks an invalid number entirely', () => {
    expect(maskResidentId('11010519491231002Y')).toBe('******************');
    expect(maskCertificateNo('11010519491231002X82')).toBe('********************');
  });
  it('keeps category, level and reissue mark of a certificate', () => {
    expect(maskCertificateNo('11010519491231002X42B1')).toBe('******************42B1');
  });
  it('never shows the birth date digits under any id preset', () => {
    fc.assert(
      fc.property(residentIdArb, fc.constantFrom('id.keep-first-6-last-4', 'id.keep-last-4', 'id.keep-region', 'id.keep-first-1-last-1', 'id.all') , (id, preset) => {
        const out = maskResidentId(id, preset as never);
        expect(out).toHaveLength(18);
        expect(out.slice(6, 14)).toBe('********');
      }),
    );
  });
});

describe('maskPhone', () => {
  it('recognises mobile and landline numbers', () => {
    expect(phoneKind('13800138000')).toBe('mobile');
    expect(phoneKind('+86 138 0013 8000')).toBe('mobile');
    expect(phoneKind('(0731)84123456')).toBe('landline');
    expect(phoneKind('010-12345678')).toBe('landline');
    expect(phoneKind('12345')).toBe('unknown');
  });
  it('keeps punctuation and masks extensions', () => {
    expect(maskPhone('+86 138 0013 8000')).toBe('+86 138 **** 8000');
    expect(maskPhone('(0731)84123456')).toBe('(0731)******56');
    expect(maskPhone('010-12345678-123')).toBe('010-******78-***');
    expect(maskPhone('010-12345678-123', 'phone.keep-last-4')).toBe('***-****5678-***');
    expect(maskPhone('１３８００１３８０００')).toBe('１３８****８０００');
    expect(maskPhone('12345')).toBe('*****');
  });
});

describe('maskAddress', () => {
  it('cuts to each level', () => {
    const a = '湖南省长沙市岳麓区橘子洲街道某某社区3栋2单元';
    expect(maskAddress(a, 'address.village')).toBe('湖南省长沙市岳麓区橘子洲街道某某社区');
    expect(maskAddress(a, 'address.province')).toBe('湖南省');
  });
  it('handles municipalities, autonomous regions and missing levels', () => {
    expect(maskAddress('北京市朝阳区某某街道某某社区5号楼', 'address.county')).toBe('北京市朝阳区');
    expect(parseAddressLevels('广西壮族自治区桂林市永福县永福镇某某村').village).toBe('某某村');
    expect(maskAddress('长沙市岳麓区麓山路12号', 'address.village')).toBe('长沙市岳麓区');
  });
  it('does not read street and estate names as administrative units', () => {
    expect(maskAddress('长沙市岳麓区新乡小区3栋', 'address.township')).toBe('长沙市岳麓区');
    expect(maskAddress('长沙市岳麓区省府路1号', 'address.province')).toBe('');
  });
  it('never keeps more than the input prefix it was asked for', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'湖南省长沙市岳麓区街道镇乡村社区路号栋新小'), maxLength: 30 }), (s) => {
        const out = maskAddress(s, 'address.township');
        expect(s.replace(/\s+/g, '').startsWith(out)).toBe(true);
      }),
    );
  });
});
