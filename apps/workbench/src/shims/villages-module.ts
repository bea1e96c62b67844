/** The browser workbench does not carry the village tables (about 15 MB): a report by village is for the CLI. */
export function importVillages(_province: string): Promise<{ default: string }> {
  return Promise.reject(Object.assign(new Error('离线工作台不含村级区划表：按村统计请用命令行 canji check --level village'), { code: 'WORKBENCH_NO_VILLAGES' }));
}
