/**
 * Partner-department extracts (部门比对数据): what education, civil affairs, HR & social security,
 * housing, health, poverty relief and public security supply for comparison with the disability
 * records, keyed by the person's resident ID number.
 *
 * Work in progress: the schemas, descriptors and `parseExtractRow` land in this folder.
 */
export type ExtractDepartmentId =
  | 'education'
  | 'civil-affairs'
  | 'social-security'
  | 'housing'
  | 'health'
  | 'poverty-relief'
  | 'public-security';
