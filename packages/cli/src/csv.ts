/** Minimal RFC 4180 CSV output for the files the CLI writes (reports, rejected rows, extracts). */

export function csvField(value: unknown): string {
  if (value === undefined || value === null) return '';
  const s = Array.isArray(value) ? value.join(',') : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(values: readonly unknown[]): string {
  return values.map(csvField).join(',') + '\r\n';
}
