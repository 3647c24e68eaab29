/** Cells a spreadsheet would run as a formula (CSV injection): =, +, -, @, and tab/CR that some apps strip first. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV cell (RFC 4180), made inert for spreadsheets by a leading apostrophe when it looks like a formula. */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Lines end with CRLF as RFC 4180 says. */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | boolean | null | undefined)[])[]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
