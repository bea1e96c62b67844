/**
 * Province-level prefixes of GB/T 2260 that appear in resident identity numbers. 71 is Taiwan in
 * GB/T 2260; 81/82/83 appear only as the fixed 810000/820000/830000 of 港澳台居民居住证 numbers
 * (D23, P51–P53 in docs/sources.md) and are handled separately.
 *
 * @example
 * PROVINCE_NAMES['43'] //=> '湖南省'
 * PROVINCE_NAMES['38'] //=> undefined (no such province: ID_PROVINCE)
 */
export const PROVINCE_NAMES: Readonly<Record<string, string>> = {
  '11': '北京市', '12': '天津市', '13': '河北省', '14': '山西省', '15': '内蒙古自治区',
  '21': '辽宁省', '22': '吉林省', '23': '黑龙江省',
  '31': '上海市', '32': '江苏省', '33': '浙江省', '34': '安徽省', '35': '福建省', '36': '江西省', '37': '山东省',
  '41': '河南省', '42': '湖北省', '43': '湖南省', '44': '广东省', '45': '广西壮族自治区', '46': '海南省',
  '50': '重庆市', '51': '四川省', '52': '贵州省', '53': '云南省', '54': '西藏自治区',
  '61': '陕西省', '62': '甘肃省', '63': '青海省', '64': '宁夏回族自治区', '65': '新疆维吾尔自治区',
  '71': '台湾省',
};

/** @internal Fast lookup by the two-digit prefix as a number. */
export const PROVINCE_OK: Uint8Array = (() => {
  const t = new Uint8Array(100);
  for (const k of Object.keys(PROVINCE_NAMES)) t[+k] = 1;
  return t;
})();

/**
 * Residence-permit address codes (港澳台居民居住证): D23, P51, P52 (docs/sources.md).
 *
 * @example
 * RESIDENCE_PERMIT_REGIONS['810000'] //=> '香港特别行政区'
 */
export const RESIDENCE_PERMIT_REGIONS: Readonly<Record<string, string>> = {
  '810000': '香港特别行政区',
  '820000': '澳门特别行政区',
  '830000': '台湾地区',
};
